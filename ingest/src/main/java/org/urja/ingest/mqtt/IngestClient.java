package org.urja.ingest.mqtt;

/** The ingest side of one MQTT connection, whichever protocol level it speaks. */
interface IngestClient extends AutoCloseable {

  /** Sends the PUBACK of a message on the connection that delivered it; never throws. */
  @FunctionalInterface
  interface Acker {
    void ack(int id, int qos);
  }

  /** What the client hands every message to; must not throw. */
  @FunctionalInterface
  interface Deliveries {
    /**
     * @param from acknowledges this message on the connection that delivered it
     * @param redelivered the broker's DUP flag: this message was sent before and not acknowledged
     */
    void arrived(Acker from, String topic, byte[] payload, int id, int qos, boolean redelivered);
  }

  /** Connects, sets up the session as its {@link SessionPlan} says, and returns once it is. */
  void start() throws Exception;

  boolean isConnected();

  /** Sends the PUBACK of a message handed to {@link Deliveries}; never throws. */
  void ack(int id, int qos);

  /** "MQTT 5" or "MQTT 3.1.1". */
  String protocol();

  /**
   * Disconnects and makes the broker drop the session (MQTT 5: session expiry 0 on DISCONNECT;
   * 3.1.1: a clean-session connect under the same id), so it no longer holds a share of anything.
   * Used only once every message it delivered has been acknowledged.
   */
  void endSession() throws Exception;

  @Override
  void close();
}
