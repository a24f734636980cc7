package com.penguinmails.alerthub.escalation;

import java.util.List;

/** Who hears about an alert now, and on which channels. */
public record Recipients(List<Role> roles, List<Channel> channels) {

    public boolean uses(Channel channel) {
        return channels.contains(channel);
    }
}
