package com.newsfeed.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class BoundedPasswordEncoderTest {

    /** A delegate whose hashing holds until released, so the test decides when a slot frees up. */
    private static final class HeldEncoder implements PasswordEncoder {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String encode(CharSequence raw) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{held}" + raw;
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return encoded.equals("{held}" + raw);
        }
    }

    @Test
    void beyondItsPermits_aCheckWaitsThenIsRefused_andAFreedSlotServesAgain() throws Exception {
        HeldEncoder held = new HeldEncoder();
        BoundedPasswordEncoder bounded = new BoundedPasswordEncoder(held, 1, 50);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> bounded.encode("first"));
        assertThat(held.entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> bounded.matches("second", "{held}second"))
                .isInstanceOf(BoundedPasswordEncoder.PasswordChecksBusyException.class);

        held.release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("{held}first");
        assertThat(bounded.matches("second", "{held}second")).isTrue();
    }
}
