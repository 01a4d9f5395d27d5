package org.urja.ingest.mqtt;

/** The ingest side of one MQTT connection, whichever protocol level it speaks. */
interface IngestClient extends AutoCloseable {

  /** What the client hands every message to; must not throw. */
  @FunctionalInterface
  interface Deliveries {
    /**
     * @param redelivered the broker's DUP flag: this message was sent before and not acknowledged
     */
    void arrived(String topic, byte[] payload, int id, int qos, boolean redelivered);
  }

  /** Connects, subscribes and returns once the broker granted every filter. */
  void start() throws Exception;

  boolean isConnected();

  /** Sends the PUBACK of a message handed to {@link Deliveries}; never throws. */
  void ack(int id, int qos);

  /** "MQTT 5" or "MQTT 3.1.1". */
  String protocol();

  @Override
  void close();
}
