package dev.aigateway.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/** Base of the HTTP-level tests: the gateway's URL and a fake upstream that starts each test empty. */
@QuarkusTestResource(FakeUpstreamResource.class)
public abstract class GatewayTest {

    protected final FakeUpstream upstream = FakeUpstreamResource.upstream();

    @TestHTTPResource("/")
    protected URL gateway;

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }
}
