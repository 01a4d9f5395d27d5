package org.urja.headend.commands;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientSecurity;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.client.RequestAbandonedException;
import org.urja.protocol.client.ServiceNotGrantedException;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;

/**
 * Gives a DLMS client association with a meter: over the TCP connection the meter opened to push
 * when it has one to this node, else over a connection the head-end dials to the meter's address (a
 * meter that listens). One association per connection at a time (a meter's server keeps one),
 * opened on first use and kept in the channel, so a burst of commands does not repeat the AARQ; a
 * failed association is forgotten so the next command tries afresh.
 *
 * <p>The association is the {@link AssociationPolicy}'s for the command's {@link CommandPurpose}.
 * One opened for a stronger purpose serves weaker ones; a command that needs a stronger one
 * releases the open association (RLRQ) and opens its own. A command displacing a reading
 * association waits only for the exchange on the wire: the read's queued requests and the rest of a
 * block transfer are abandoned ({@link RequestAbandonedException}), so a relay switch never waits
 * behind a whole profile read; the read's schedule reads the gap again. Otherwise the release comes
 * after the requests already queued. A request the negotiated conformance does not grant is not
 * sent: it fails with {@link ServiceNotGrantedException}.
 *
 * <p>A dialled connection is shared by the commands that reach the meter while it is open, and is
 * closed by the dialler's idle timeout, or as soon as the last work given to {@link #using} is done
 * (a command run through {@link #connect(String)} meanwhile on the same connection is not counted:
 * it fails with the connection closed and is retried as any interrupted command).
 */
public final class MeterConnector {
  private static final AttributeKey<Association> ASSOCIATION =
      AttributeKey.valueOf("urja.cosem.association");

  /**
   * The association of a connection: what it was opened for, with which settings, and the client
   * once accepted.
   */
  private record Association(
      CommandPurpose purpose,
      ClientSettings settings,
      CompletableFuture<Opened> client,
      boolean closing) {
    Association(CommandPurpose purpose, ClientSettings settings, CompletableFuture<Opened> client) {
      this(purpose, settings, client, false);
    }

    boolean usable() {
      return !closing && !client.isCompletedExceptionally();
    }
  }

  /** An accepted association: the client, and the services the meter granted on it. */
  private record Opened(NettyCosemClient client, Conformance granted) {}

  private final MeterSessions sessions;
  private final AssociationPolicy policy;
  private final MeterDialler dialler;

  /** Connections this node dialled, by meter serial, while they are open. */
  private final ConcurrentHashMap<String, CompletableFuture<Channel>> dialled =
      new ConcurrentHashMap<>();

  /** Work given to {@link #using} in progress on a dialled connection, by meter serial. */
  private final ConcurrentHashMap<String, Integer> users = new ConcurrentHashMap<>();

  public MeterConnector(MeterSessions sessions, AssociationPolicy policy) {
    this(sessions, policy, MeterDialler.NONE);
  }

  public MeterConnector(MeterSessions sessions, AssociationPolicy policy, MeterDialler dialler) {
    this.sessions = sessions;
    this.policy = policy;
    this.dialler = dialler;
  }

  /** Every purpose over the same settings. */
  public MeterConnector(MeterSessions sessions, ClientSettings settings) {
    this(sessions, (serial, purpose) -> settings);
  }

  /** Every purpose over the same settings, dialling meters that listen. */
  public MeterConnector(MeterSessions sessions, ClientSettings settings, MeterDialler dialler) {
    this(sessions, (serial, purpose) -> settings, dialler);
  }

  /** An association for reading. */
  public CompletableFuture<CosemClient> connect(String serial) {
    return connect(serial, CommandPurpose.READ);
  }

  /**
   * An association for {@code purpose}. The settings are chosen first, on the caller's thread (they
   * may need the meter's keys from the database): a meter the head-end has no keys for fails here,
   * before anything is dialled or sent.
   */
  public CompletableFuture<CosemClient> connect(String serial, CommandPurpose purpose) {
    ClientSettings wanted;
    try {
      wanted = policy.settingsFor(serial, purpose);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<MeterSession> session = sessions.find(serial);
    if (session.isPresent()) {
      return connect(session.get().channel(), serial, purpose, wanted);
    }
    return dialledChannel(serial).thenCompose(ch -> connect(ch, serial, purpose, wanted));
  }

  /**
   * Runs {@code work} on an association with the meter. Over a connection the meter opened, the
   * association stays for the next command; a connection dialled for the work is released and hung
   * up when the work is done, so a round of scheduled reads holds a dial-out slot only while it
   * reads.
   */
  public <R> CompletableFuture<R> using(
      String serial, Function<CosemClient, CompletableFuture<R>> work) {
    if (sessions.find(serial).isPresent()) {
      return connect(serial).thenCompose(work);
    }
    // reads of several profiles of one meter share its dialled connection: the last one done hangs
    // up
    users.merge(serial, 1, Integer::sum);
    CompletableFuture<R> done;
    try {
      done = connect(serial).thenCompose(work);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    // hanging up inside the count's update: work starting meanwhile either counts before it (and
    // keeps
    // the connection) or finds the connection gone and dials afresh, never one being closed
    return done.whenComplete(
        (r, err) ->
            users.computeIfPresent(
                serial,
                (k, n) -> {
                  if (n > 1) {
                    return n - 1;
                  }
                  hangUp(serial);
                  return null;
                }));
  }

  /**
   * True when this node can reach the meter over DLMS: its own connection here, or a dial address.
   */
  public boolean reachable(String serial) {
    return sessions.find(serial).isPresent()
        || dialled.containsKey(serial)
        || dialler.listens(serial);
  }

  private CompletableFuture<Channel> dialledChannel(String serial) {
    CompletableFuture<Channel> existing = dialled.get(serial);
    if (existing != null
        && !existing.isCompletedExceptionally()
        && (!existing.isDone() || existing.join().isActive())) {
      return existing;
    }
    Optional<CompletableFuture<Channel>> dial = dialler.dial(serial);
    if (dial.isEmpty()) {
      return CompletableFuture.failedFuture(new MeterUnreachableException(serial));
    }
    CompletableFuture<Channel> fresh = dial.get();
    CompletableFuture<Channel> raced =
        existing == null
            ? dialled.putIfAbsent(serial, fresh)
            : dialled.replace(serial, existing, fresh) ? null : dialled.get(serial);
    if (raced != null && raced != fresh) {
      fresh.thenAccept(Channel::close);
      return raced;
    }
    fresh.whenComplete(
        (ch, err) -> {
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
    ch.thenAccept(
        c -> released(c, c.attr(ASSOCIATION).getAndSet(null)).whenComplete((v, e) -> c.close()));
  }

  /** Connections this node has dialled and holds open now. */
  public int dialledConnections() {
    return dialled.size();
  }

  /** A reading association over {@code ch}, opened on first use. */
  public CompletableFuture<CosemClient> connect(Channel ch) {
    return connect(ch, null, CommandPurpose.READ);
  }

  /** An association over {@code ch} with a meter known by its serial (null: not identified yet). */
  public CompletableFuture<CosemClient> connect(Channel ch, String serial, CommandPurpose purpose) {
    try {
      return connect(ch, serial, purpose, policy.settingsFor(serial, purpose));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<CosemClient> connect(
      Channel ch, String serial, CommandPurpose purpose, ClientSettings wanted) {
    Association current = ch.attr(ASSOCIATION).get();
    if (current != null && current.usable() && current.purpose().covers(purpose)) {
      return current.client().thenApply(c -> granted(c, current.settings(), serial, purpose));
    }
    if (current != null && current.usable() && current.settings().equals(wanted)) {
      // the policy uses the same association for both purposes: no second AARQ
      Association widened = new Association(purpose, wanted, current.client());
      return ch.attr(ASSOCIATION).compareAndSet(current, widened)
          ? widened.client().thenApply(c -> granted(c, wanted, serial, purpose))
          : connect(ch, serial, purpose, wanted);
    }
    CompletableFuture<Opened> fresh = new CompletableFuture<>();
    if (!ch.attr(ASSOCIATION).compareAndSet(current, new Association(purpose, wanted, fresh))) {
      return connect(ch, serial, purpose, wanted);
    }
    // a command does not wait behind a read: the read association is released after the exchange
    // on the wire, the rest of the read abandoned (its schedule reads the gap again)
    boolean urgent =
        current != null
            && current.purpose() == CommandPurpose.READ
            && purpose != CommandPurpose.READ;
    released(ch, current, urgent)
        .whenComplete(
            (ignored, alwaysNull) -> {
              NettyCosemClient client = NettyCosemClient.over(ch, wanted);
              client
                  .associate()
                  .whenComplete(
                      (init, err) -> {
                        if (err != null) {
                          fresh.completeExceptionally(err);
                        } else {
                          provedBy(wanted, serial, ch);
                          fresh.complete(new Opened(client, init.conformance()));
                        }
                      });
            });
    return fresh.thenApply(c -> granted(c, wanted, serial, purpose));
  }

  /**
   * An HLS-GMAC association succeeded only if the meter answered the challenge with its own HLS
   * secret (f(StoC) verified): that proves the connection reaches {@code serial}, so the meter's
   * session on it becomes authenticated and no claim by another connection displaces it.
   */
  private void provedBy(ClientSettings settings, String serial, Channel ch) {
    if (serial != null
        && settings.security().map(ClientSecurity::hlsGmac).orElse(false)
        && settings.security().get().meterSerial().equals(serial)) {
      sessions.authenticated(serial, ch);
    }
  }

  /**
   * Completes once the previous association has answered what was queued on it and is released:
   * only then may the next client take the connection's responses.
   */
  private static CompletableFuture<Void> released(Channel ch, Association previous) {
    return released(ch, previous, false);
  }

  /**
   * @param urgent abandon what is still queued on the previous association instead of waiting for
   *     it ({@link NettyCosemClient#releaseAbandoning})
   */
  private static CompletableFuture<Void> released(
      Channel ch, Association previous, boolean urgent) {
    if (previous == null) {
      return CompletableFuture.completedFuture(null);
    }
    return previous
        .client()
        .handle((opened, err) -> opened == null ? null : opened.client())
        .thenCompose(
            old -> {
              if (old == null) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              // closed on the event loop once the RLRE's own callbacks have run: by then the client
              // knows it is released and sends no second RLRQ, whose RLRE would reach the next
              // association's AARQ
              CompletableFuture<Void> release =
                  urgent
                      ? old.releaseAbandoning(
                          new RequestAbandonedException(
                              "abandoned for a command on the same connection"))
                      : old.release();
              return release.handle((v, e) -> null).thenRunAsync(old::close, ch.eventLoop());
            });
  }

  private static CosemClient granted(
      Opened opened, ClientSettings settings, String serial, CommandPurpose purpose) {
    int needed =
        switch (purpose) {
          case READ -> Conformance.GET;
          case SET -> Conformance.SET;
          case ACTION -> Conformance.ACTION;
        };
    if (!opened.granted().has(needed)) {
      throw new ServiceNotGrantedException(
          purpose.name(),
          (serial == null ? "" : serial + " ") + "(client " + settings.clientWPort() + ")");
    }
    return opened.client();
  }

  /**
   * Reads the meter's serial (0.0.96.1.0.255) over the connection, for pushes that do not carry it.
   */
  public CompletableFuture<String> readSerial(Channel ch) {
    return connect(ch)
        .thenCompose(c -> c.get(AttributeRef.of(CosemObjects.SERIAL_NUMBER, 2)))
        .thenApply(MeterConnector::text);
  }

  private static String text(DlmsData d) {
    return DlmsData.textOf(d)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "serial number should be a string, meter sent " + d.type()));
  }

  /**
   * Forgets a connection's association after an error that may have broken it. It is released
   * first; the next association on the connection waits for that, so the meter's RLRE cannot be
   * taken for the answer to the next AARQ.
   */
  public void forget(String serial) {
    Optional<MeterSession> session = sessions.find(serial);
    if (session.isEmpty()) {
      hangUp(serial);
      return;
    }
    forget(session.get().channel());
  }

  private void forget(Channel ch) {
    Association a = ch.attr(ASSOCIATION).get();
    if (a == null || a.closing()) {
      return;
    }
    CompletableFuture<Opened> gone =
        released(ch, a)
            .thenCompose(ignored -> CompletableFuture.failedFuture(new ClosedChannelException()));
    if (!ch.attr(ASSOCIATION)
        .compareAndSet(a, new Association(a.purpose(), a.settings(), gone, true))) {
      forget(ch);
    }
  }
}
