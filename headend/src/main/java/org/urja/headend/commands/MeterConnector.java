package org.urja.headend.commands;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;

/**
 * Gives a DLMS client association with a meter: over the TCP connection the meter opened to push
 * when it has one to this node, else over a connection the head-end dials to the meter's address
 * (a meter that listens). One association per connection, opened on first use and kept in the
 * channel, so a burst of commands does not repeat the AARQ; a failed association is forgotten so
 * the next command tries afresh.
 *
 * <p>A dialled connection is shared by the commands that reach the meter while it is open, and is
 * closed by the dialler's idle timeout, or as soon as the last work given to {@link #using} is done
 * (a command run through {@link #connect(String)} meanwhile on the same connection is not counted:
 * it fails with the connection closed and is retried as any interrupted command).
 */
public final class MeterConnector {
  private static final AttributeKey<CompletableFuture<CosemClient>> ASSOCIATION =
      AttributeKey.valueOf("urja.cosem.association");

  private final MeterSessions sessions;
  private final ClientSettings settings;
  private final MeterDialler dialler;
  /** Connections this node dialled, by meter serial, while they are open. */
  private final ConcurrentHashMap<String, CompletableFuture<Channel>> dialled = new ConcurrentHashMap<>();
  /** Work given to {@link #using} in progress on a dialled connection, by meter serial. */
  private final ConcurrentHashMap<String, Integer> users = new ConcurrentHashMap<>();

  public MeterConnector(MeterSessions sessions, ClientSettings settings) {
    this(sessions, settings, MeterDialler.NONE);
  }

  public MeterConnector(MeterSessions sessions, ClientSettings settings, MeterDialler dialler) {
    this.sessions = sessions;
    this.settings = settings;
    this.dialler = dialler;
  }

  public CompletableFuture<CosemClient> connect(String serial) {
    Optional<MeterSession> session = sessions.find(serial);
    if (session.isPresent()) {
      return connect(session.get().channel());
    }
    return dialledChannel(serial).thenCompose(this::connect);
  }

  /**
   * Runs {@code work} on an association with the meter. Over a connection the meter opened, the
   * association stays for the next command; a connection dialled for the work is released and hung
   * up when the work is done, so a round of scheduled reads holds a dial-out slot only while it reads.
   */
  public <R> CompletableFuture<R> using(String serial, Function<CosemClient, CompletableFuture<R>> work) {
    if (sessions.find(serial).isPresent()) {
      return connect(serial).thenCompose(work);
    }
    // reads of several profiles of one meter share its dialled connection: the last one done hangs up
    users.merge(serial, 1, Integer::sum);
    CompletableFuture<R> done;
    try {
      done = connect(serial).thenCompose(work);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    // hanging up inside the count's update: work starting meanwhile either counts before it (and keeps
    // the connection) or finds the connection gone and dials afresh, never one being closed
    return done.whenComplete((r, err) -> users.computeIfPresent(serial, (k, n) -> {
      if (n > 1) {
        return n - 1;
      }
      hangUp(serial);
      return null;
    }));
  }

  /** True when this node can reach the meter over DLMS: its own connection here, or a dial address. */
  public boolean reachable(String serial) {
    return sessions.find(serial).isPresent() || dialled.containsKey(serial) || dialler.listens(serial);
  }

  private CompletableFuture<Channel> dialledChannel(String serial) {
    CompletableFuture<Channel> existing = dialled.get(serial);
    if (existing != null && !existing.isCompletedExceptionally()
        && (!existing.isDone() || existing.join().isActive())) {
      return existing;
    }
    Optional<CompletableFuture<Channel>> dial = dialler.dial(serial);
    if (dial.isEmpty()) {
      return CompletableFuture.failedFuture(new MeterUnreachableException(serial));
    }
    CompletableFuture<Channel> fresh = dial.get();
    CompletableFuture<Channel> raced = existing == null ? dialled.putIfAbsent(serial, fresh)
        : dialled.replace(serial, existing, fresh) ? null : dialled.get(serial);
    if (raced != null && raced != fresh) {
      fresh.thenAccept(Channel::close);
      return raced;
    }
    fresh.whenComplete((ch, err) -> {
      if (err != null) {
        dialled.remove(serial, fresh);
      } else {
        ch.closeFuture().addListener(f -> dialled.remove(serial, fresh));
      }
    });
    return fresh;
  }

  /** Releases the association of a connection this node dialled to the meter, and closes it. */
  public void hangUp(String serial) {
    CompletableFuture<Channel> ch = dialled.remove(serial);
    if (ch == null) {
      return;
    }
    ch.thenAccept(c -> {
      CompletableFuture<CosemClient> a = c.attr(ASSOCIATION).getAndSet(null);
      if (a == null || a.isCompletedExceptionally()) {
        c.close();
        return;
      }
      a.thenCompose(client -> client instanceof NettyCosemClient n ? n.release() : CompletableFuture.completedFuture(null))
          .whenComplete((v, e) -> c.close());
    });
  }

  /** Connections this node has dialled and holds open now. */
  public int dialledConnections() {
    return dialled.size();
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
    if (sessions.find(serial).isEmpty()) {
      hangUp(serial);
      return;
    }
    sessions.find(serial).ifPresent(s -> {
      CompletableFuture<CosemClient> a = s.channel().attr(ASSOCIATION).getAndSet(null);
      if (a != null) {
        a.thenAccept(CosemClient::close);
      }
    });
  }
}
