package dev.aigateway.admin;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a management resource: every call to it passes {@link AdminAuthFilter} (an admin token, and the configured
 * account) before the resource method runs. Put it on the class of every resource under {@code /client/v4}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminApi {}
