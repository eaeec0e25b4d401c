package com.newsfeed.channel;

import java.util.List;

import org.springframework.stereotype.Service;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.LayeredCache;

/** Channels: the visible list is read and cached as one value. */
@Service
public class ChannelService {

    /** The list is one key: any id names it. */
    private static final long ALL = 0;

    private final LayeredCache<List<ChannelView>> visible;

    ChannelService(LayeredCache<List<ChannelView>> visible) {
        this.visible = visible;
    }

    public CachedValue<List<ChannelView>> visibleChannels() {
        return visible.get(ALL).orElseThrow();
    }

    /** Whether articles may be listed in or posted to this channel: it exists and is visible. */
    public boolean isVisible(int id) {
        return visibleChannels().value().stream().anyMatch(channel -> channel.id() == id);
    }
}
