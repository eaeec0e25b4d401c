package com.newsfeed.cache.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script sent by its SHA-1 (EVALSHA); its source goes along only after Redis says it does not know it. */
public record RedisScript(String name, byte[] source, String sha) {

    public static RedisScript of(String name, String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        try {
            return new RedisScript(name, bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
