package com.penguinmails.alerthub.mute;

/**
 * Why a group is muted, as its alerts' history says it: {@code silenced by silence #3 (ops: resizing the pool)},
 * {@code in maintenance window of queue (weekly VACUUM FULL)}, {@code inhibited by tier-reachable/olap}.
 */
public record Mute(String why) {
}
