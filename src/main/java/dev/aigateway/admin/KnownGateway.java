package dev.aigateway.admin;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource whose {@code {gateway}} path parameter must name a gateway that exists: {@link KnownGatewayFilter}
 * answers 404 (code 7002) otherwise, after the admin token was checked.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface KnownGateway {}
