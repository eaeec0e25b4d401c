package com.newsfeed.system;

import java.util.concurrent.TimeUnit;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import com.newsfeed.cache.CacheProperties;
import com.newsfeed.cache.CachedValue;

/**
 * 200 responses whose body is JSON the cache already holds, sent as it is, with a strong ETag and
 * {@code Cache-Control: max-age}. Spring MVC answers a matching {@code If-None-Match} with 304 and no body.
 */
@Component
public class CachedJsonResponses {

    static final String CACHE_STATUS = "Cache-Status";
    static final String STALE_IF_ERROR = "newsfeed-cache; hit; detail=stale-if-error";

    private final CacheControl cacheControl;

    CachedJsonResponses(CacheProperties properties) {
        this.cacheControl = CacheControl.maxAge(properties.httpMaxAge().toSeconds(), TimeUnit.SECONDS);
    }

    public ResponseEntity<byte[]> ok(CachedValue<?> value) {
        return ok(value.json(), value.tag(), value.stale());
    }

    /**
     * @param tag   the quoted ETag is built from it; it must change whenever {@code json} does
     * @param stale served past its TTL because the database failed: said in an RFC 9211 {@code Cache-Status}
     *              header, and not to be cached by the client
     */
    public ResponseEntity<byte[]> ok(byte[] json, String tag, boolean stale) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .eTag("\"" + tag + "\"");
        if (stale) {
            response.cacheControl(CacheControl.noCache()).header(CACHE_STATUS, STALE_IF_ERROR);
        } else {
            response.cacheControl(cacheControl);
        }
        return response.body(json);
    }
}
