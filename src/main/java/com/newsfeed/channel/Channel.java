package com.newsfeed.channel;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A feed channel; the list is small, changes rarely and is read on every app start. */
@Entity
@Table(name = "channels")
public class Channel {

    @Id
    private Integer id;

    private String name;
    private int sequence;
    private boolean visible;

    @Column(name = "is_default")
    private boolean defaultChannel;

    protected Channel() {
    }

    public Integer getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public int getSequence() {
        return sequence;
    }

    public boolean isVisible() {
        return visible;
    }

    public boolean isDefaultChannel() {
        return defaultChannel;
    }
}
