package com.newsfeed.system;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-facing settings of the service.
 *
 * @param maxBodySize the largest request body accepted; a larger one is refused with 413 before it is parsed
 * @param cors        cross-origin access for a browser frontend served from another origin
 */
@Validated
@ConfigurationProperties("newsfeed.web")
public record WebProperties(@NotNull DataSize maxBodySize, @Valid @NotNull Cors cors) {

    /**
     * @param allowedOrigins the origins (scheme, host and port) a browser frontend may call the API from
     */
    public record Cors(@NotNull List<String> allowedOrigins) {
    }
}
