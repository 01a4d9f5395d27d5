package org.urja.ledger.relay;

import java.time.Instant;

/**
 * What the relay policy knows about one prepaid account at a moment.
 *
 * @param negativeSince when the balance went below zero (null while it is not negative)
 * @param relayState last state read back from the meter (null when never read)
 * @param pendingAction the newest pending command's action (null when none)
 * @param noticeSentAt when the disconnection notice of this negative episode went out (null if not
 *     yet)
 */
public record RelayView(
    long balancePaise,
    Instant negativeSince,
    RelayState relayState,
    RelayAction pendingAction,
    Instant noticeSentAt) {}
