package org.urja.simulator.push;

import org.urja.protocol.apdu.DataNotification;

/**
 * How a simulated meter puts a DataNotification on the wire: in the clear ({@link #PLAIN}), or
 * sealed with its keys as an IS 15959 meter configured for ciphered pushes does ({@link
 * CipheredPushEncoding}). Called in the order the pushes are sent.
 */
@FunctionalInterface
public interface PushEncoding {
  /** The APDU for {@code push} from the meter {@code serial}. */
  byte[] encode(String serial, DataNotification push);

  PushEncoding PLAIN = (serial, push) -> push.encode();
}
