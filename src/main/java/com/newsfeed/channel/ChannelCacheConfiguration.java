package com.newsfeed.channel;

import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.LayeredCache;

import tools.jackson.databind.json.JsonMapper;

/** Toutiao's {@code ch:all}: the whole visible channel list as one JSON string, one key (the id is ignored). */
@Configuration(proxyBeanMethods = false)
class ChannelCacheConfiguration {

    @Bean
    LayeredCache<List<ChannelView>> channelListCache(CacheFactory caches, ChannelRepository channels,
            JsonMapper json) {
        return caches.<List<ChannelView>>cache("channels",
                        json.getTypeFactory().constructCollectionType(List.class, ChannelView.class))
                .keyPattern("ch:all")
                .loader(ignoredId -> Optional.of(
                        channels.findByVisibleTrueOrderBySequenceAscIdAsc().stream().map(ChannelView::of).toList()))
                .build();
    }
}
