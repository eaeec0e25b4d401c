package com.newsfeed.channel;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Channels: the visible list is read as one value (Toutiao's {@code ch:all}). */
@Service
public class ChannelService {

    private final ChannelRepository channels;

    ChannelService(ChannelRepository channels) {
        this.channels = channels;
    }

    @Transactional(readOnly = true)
    public List<ChannelView> visibleChannels() {
        return channels.findByVisibleTrueOrderBySequenceAscIdAsc().stream().map(ChannelView::of).toList();
    }

    /** Whether articles may be listed in or posted to this channel: it exists and is visible. */
    public boolean isVisible(int id) {
        return visibleChannels().stream().anyMatch(channel -> channel.id() == id);
    }
}
