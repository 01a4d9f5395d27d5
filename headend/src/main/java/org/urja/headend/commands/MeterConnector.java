package org.urja.headend.commands;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;

/**
 * Gives a DLMS client association with a meter over the TCP connection the meter opened to push.
 * One association per connection, opened on first use and kept in the channel, so a burst of
 * commands does not repeat the AARQ; a failed association is forgotten so the next command tries
 * afresh.
 */
public final class MeterConnector {
  private static final AttributeKey<CompletableFuture<CosemClient>> ASSOCIATION =
      AttributeKey.valueOf("urja.cosem.association");

  private final MeterSessions sessions;
  private final ClientSettings settings;

  public MeterConnector(MeterSessions sessions, ClientSettings settings) {
    this.sessions = sessions;
    this.settings = settings;
  }

  public CompletableFuture<CosemClient> connect(String serial) {
    Optional<MeterSession> session = sessions.find(serial);
    if (session.isEmpty()) {
      return CompletableFuture.failedFuture(new MeterUnreachableException(serial));
    }
    return connect(session.get().channel());
  }

  /** An association over {@code ch}, opened on first use. */
  public CompletableFuture<CosemClient> connect(Channel ch) {
    CompletableFuture<CosemClient> fresh = new CompletableFuture<>();
    CompletableFuture<CosemClient> existing = ch.attr(ASSOCIATION).setIfAbsent(fresh);
    if (existing != null) {
      if (!existing.isCompletedExceptionally()) {
        return existing;
      }
      if (!ch.attr(ASSOCIATION).compareAndSet(existing, fresh)) {
        return connect(ch);
      }
    }
    NettyCosemClient client = NettyCosemClient.over(ch, settings);
    client.associate().whenComplete((init, err) -> {
      if (err != null) {
        ch.attr(ASSOCIATION).compareAndSet(fresh, null);
        fresh.completeExceptionally(err);
      } else {
        fresh.complete(client);
      }
    });
    return fresh;
  }

  /** Reads the meter's serial (0.0.96.1.0.255) over the connection, for pushes that do not carry it. */
  public CompletableFuture<String> readSerial(Channel ch) {
    return connect(ch)
        .thenCompose(c -> c.get(AttributeRef.of(CosemObjects.SERIAL_NUMBER, 2)))
        .thenApply(MeterConnector::text);
  }

  private static String text(DlmsData d) {
    return DlmsData.textOf(d)
        .orElseThrow(() -> new IllegalStateException("serial number should be a string, meter sent " + d.type()));
  }

  /** Forgets a connection's association after an error that may have broken it. */
  public void forget(String serial) {
    sessions.find(serial).ifPresent(s -> {
      CompletableFuture<CosemClient> a = s.channel().attr(ASSOCIATION).getAndSet(null);
      if (a != null) {
        a.thenAccept(CosemClient::close);
      }
    });
  }
}
