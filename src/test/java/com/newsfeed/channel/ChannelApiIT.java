package com.newsfeed.channel;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;

@ApiTest
class ChannelApiIT {

    @Autowired
    RestTestClient client;

    @Test
    void list_returnsVisibleChannelsInSequenceOrder() {
        client.get().uri("/api/channels").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(11)
                .jsonPath("$[0].name").isEqualTo("recommended")
                .jsonPath("$[0].isDefault").isEqualTo(true)
                .jsonPath("$[*].sequence").isEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
                .jsonPath("$[?(@.name == 'archive')]").doesNotExist();
    }
}
