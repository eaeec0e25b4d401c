package com.newsfeed.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's ceiling: a GET that returns a fixed JSON body of an article detail's size, straight from
 * memory, through the same filters and message converters as every other endpoint. What this serves per second
 * is what the framework alone allows; the cached read paths are measured against it. Off unless
 * {@code newsfeed.bench.bare-endpoint=true}.
 */
@RestController
@ConditionalOnProperty(name = "newsfeed.bench.bare-endpoint", havingValue = "true")
class BareEndpointController {

    /** About the size of a demo article's detail JSON (bodies are 1 to 4 KB). */
    private static final byte[] BODY = body(3_300);

    @GetMapping("/api/bench/bare")
    ResponseEntity<byte[]> bare() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BODY);
    }

    private static byte[] body(int size) {
        String prefix = "{\"id\":1,\"content\":\"";
        char[] filler = new char[size - prefix.length() - 2];
        Arrays.fill(filler, 'x');
        return (prefix + new String(filler) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
