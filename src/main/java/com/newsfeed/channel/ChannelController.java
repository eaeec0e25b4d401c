package com.newsfeed.channel;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.system.CachedJsonResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
class ChannelController {

    private final ChannelService channels;
    private final CachedJsonResponses responses;

    ChannelController(ChannelService channels, CachedJsonResponses responses) {
        this.channels = channels;
        this.responses = responses;
    }

    @GetMapping("/api/channels")
    @Operation(summary = "Visible channels in display order (anyone)")
    @ApiResponse(responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ChannelView.class))))
    ResponseEntity<byte[]> list() {
        return responses.ok(channels.visibleChannels());
    }
}
