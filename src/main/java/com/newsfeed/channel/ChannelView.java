package com.newsfeed.channel;

/** A visible channel as the app lists it; {@code isDefault} marks the ones a new reader starts with. */
public record ChannelView(int id, String name, int sequence, boolean isDefault) {

    static ChannelView of(Channel channel) {
        return new ChannelView(channel.getId(), channel.getName(), channel.getSequence(),
                channel.isDefaultChannel());
    }
}
