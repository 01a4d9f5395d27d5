package org.urja.ledger.alerts;

/**
 * A way to reach consumers (webhook to an SMS/WhatsApp gateway, log, MQTT in the head-end). The
 * dispatcher calls {@link #deliver} from its own thread, at least once per message; implementations
 * must not throw for delivery failures but return {@link DeliveryResult#retry} or {@link
 * DeliveryResult#rejected}. Outbox rows are queued per channel {@link #name()}.
 */
public interface NotificationChannel {

  String name();

  DeliveryResult deliver(OutboxMessage message);
}
