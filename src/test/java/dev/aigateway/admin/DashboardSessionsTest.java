package dev.aigateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signed session cookies: what they carry, and every way one stops being accepted. */
class DashboardSessionsTest {

    private static final byte[] KEY = "a-key-of-at-least-thirty-two-characters".getBytes(StandardCharsets.UTF_8);
    private final AdminAuth auth = new AdminAuth(List.of("admin-one"), List.of("viewer-one"), Optional.empty());

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final DashboardSessions sessions = new DashboardSessions(auth, KEY, Duration.ofHours(8), clock);

    @Test
    void aTokenBecomesASessionOfItsRole() {
        assertThat(sessions.signIn("wrong")).isEmpty();
        assertThat(sessions.signIn(null)).isEmpty();
        String admin = sessions.signIn("admin-one").orElseThrow();
        String viewer = sessions.signIn("viewer-one").orElseThrow();
        assertThat(sessions.verify(admin).orElseThrow().role()).isEqualTo(AdminAuth.Role.ADMIN);
        assertThat(sessions.verify(viewer).orElseThrow().role()).isEqualTo(AdminAuth.Role.READ_ONLY);
        assertThat(admin).doesNotContain("admin-one");
        // each sign-in is a new session with its own CSRF token
        String again = sessions.signIn("admin-one").orElseThrow();
        assertThat(sessions.csrf(sessions.verify(again).orElseThrow()))
                .isNotEqualTo(sessions.csrf(sessions.verify(admin).orElseThrow()));
    }

    @Test
    void forgedTamperedExpiredSignedOutOrOrphanedSessionsAreRefused() {
        String cookie = sessions.signIn("admin-one").orElseThrow();
        assertThat(sessions.verify(cookie.replace("ADMIN", "READ_ONLY"))).isEmpty();
        assertThat(sessions.verify(cookie.substring(0, cookie.length() - 2) + "AA"))
                .isEmpty();
        assertThat(sessions.verify("garbage")).isEmpty();
        assertThat(sessions.verify("")).isEmpty();
        // another key (another process without a shared session-key) does not accept it
        DashboardSessions other = new DashboardSessions(
                auth,
                "another-key-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(8),
                clock);
        assertThat(other.verify(cookie)).isEmpty();
        // the token leaves the configuration: its sessions end
        DashboardSessions rotated = new DashboardSessions(
                new AdminAuth(List.of("admin-two"), List.of(), Optional.empty()), KEY, Duration.ofHours(8), clock);
        assertThat(rotated.verify(cookie)).isEmpty();
        // expiry
        clock.now = clock.now.plus(Duration.ofHours(8)).minusSeconds(1);
        assertThat(sessions.verify(cookie)).isPresent();
        clock.now = clock.now.plusSeconds(1);
        assertThat(sessions.verify(cookie)).isEmpty();
    }

    @Test
    void signOutEndsOnlyThatSessionAndCsrfIsTiedToIt() {
        String one = sessions.signIn("admin-one").orElseThrow();
        String two = sessions.signIn("admin-one").orElseThrow();
        DashboardSessions.Session s1 = sessions.verify(one).orElseThrow();
        DashboardSessions.Session s2 = sessions.verify(two).orElseThrow();
        assertThat(sessions.csrfMatches(s1, sessions.csrf(s1))).isTrue();
        assertThat(sessions.csrfMatches(s1, sessions.csrf(s2))).isFalse();
        assertThat(sessions.csrfMatches(s1, null)).isFalse();
        sessions.signOut(s1);
        assertThat(sessions.verify(one)).isEmpty();
        assertThat(sessions.verify(two)).isPresent();
    }

    @Test
    void theSignedOutListIsBounded() {
        for (int i = 0; i < DashboardSessions.MAX_REVOKED + 5; i++) {
            sessions.signOut(
                    sessions.verify(sessions.signIn("admin-one").orElseThrow()).orElseThrow());
        }
        assertThat(sessions.signedOut()).isEqualTo(DashboardSessions.MAX_REVOKED);
        assertThat(sessions.verify(sessions.signIn("admin-one").orElseThrow())).isPresent();
    }
}
