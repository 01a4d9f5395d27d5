package org.urja.ingest.tcp;

import io.micrometer.core.instrument.Gauge;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.layout.LayoutLearner;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.push.PushDecoder;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.MeterSightings;
import org.urja.ingest.session.SessionDirectory;
import org.urja.protocol.wrapper.WrapperFrameDecoder;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * The head-end's DLMS/COSEM TCP listener (port 4059) for meters that dial in. Pipeline per
 * connection: idle timeout → wrapper framing → (association handlers the head-end adds, which take
 * the meter's responses) → push handler, which runs on push threads of its own ({@link
 * PushThreads}) so that the event loops stay free for the answers to the head-end's own requests.
 * While the store is behind, or the push threads are, every connection stops reading, so TCP flow
 * control pushes back to the meters and nothing read is dropped.
 */
public final class MeterTcpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeterTcpServer.class);

  /**
   * Pushes read and waiting for a push thread at which the listener stops reading, and back down to
   * which it reads again: well under a second of the threads' work, so a push read is stored soon
   * after, while a loop's pass still hands over a few thousand at a time.
   */
  static final int PUSHES_WAITING_HIGH = 4_096;

  static final int PUSHES_WAITING_LOW = 1_024;

  /**
   * What one connection reads per pass of its event loop. A meter pushing every 15 minutes sends a
   * few hundred bytes at a time; a frame larger than this (up to {@code tcp.max.apdu}) is read over
   * several passes.
   */
  static final int READ_BYTES = 1_024;

  private final TcpIngestConfig cfg;
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ReadingSink sink;
  private final MeterSessions sessions;
  private final MeterSightings sightings;
  private final IngestMetrics metrics;
  private final PushDecoder decoder = new PushDecoder();
  private final MeterModelResolver models;
  private final List<Supplier<ChannelHandler>> associationHandlers;
  private Predicate<String> readFirst = serial -> false;
  private volatile MeterIdentifier identifier = MeterIdentifier.NONE;
  private volatile IdentityRules identityRules = IdentityRules.defaults();
  private volatile LayoutLearner learner = LayoutLearner.NONE;
  private volatile boolean learnOnFirstContact;
  private volatile QuestionLimits questionLimits = QuestionLimits.defaults();
  private MeterQuestions questions;
  private IdentityContests contests;
  private volatile PushSecurity security;
  private volatile SessionDirectory sharedDirectory;
  // checks that read the database (the shared session directory), off the event loops
  private final ExecutorService blocking =
      Executors.newFixedThreadPool(2, new DefaultThreadFactory("urja-tcp-checks", true));
  // ciphered pushes, one frame counter round trip each: their own threads, so that a fleet's pushes
  // neither wait behind identity checks nor hold them up (tcp.cipher.threads)
  private final ExecutorService cipher;
  private final PushThreads pushThreads;
  private volatile boolean storeKeepsUp = true;

  /** Whether every connection was last told to read (applied on the boss thread only). */
  private volatile boolean reading = true;

  private Channel serverChannel;

  public MeterTcpServer(
      TcpIngestConfig cfg,
      ReadingSink sink,
      MeterSessions sessions,
      MeterSightings sightings,
      MeterModelResolver models,
      IngestMetrics metrics,
      List<Supplier<ChannelHandler>> associationHandlers) {
    this.sightings = sightings;
    this.cfg = cfg;
    this.sink = sink;
    this.sessions = sessions;
    this.models = models;
    this.metrics = metrics;
    this.associationHandlers = List.copyOf(associationHandlers);
    this.workers = new NioEventLoopGroup(cfg.ioThreads());
    this.pushThreads =
        new PushThreads(
            ((io.netty.util.concurrent.MultithreadEventExecutorGroup) workers).executorCount(),
            PUSHES_WAITING_HIGH,
            PUSHES_WAITING_LOW,
            keepUp -> reconsiderReading());
    this.cipher =
        Executors.newFixedThreadPool(
            cfg.cipherThreads(), new DefaultThreadFactory("urja-tcp-cipher", true));
    Gauge.builder("urja.ingest.connections", channels, ChannelGroup::size)
        .tag("transport", "tcp")
        .register(metrics.registry());
    Gauge.builder("urja.ingest.meters.identified", sessions, MeterSessions::connected)
        .register(metrics.registry());
  }

  /**
   * Meters whose connections keep reading while the store is behind, as those waiting for an answer
   * do: the prepaid meters close to running out of credit, whose next readings decide a
   * disconnection ({@link CommandAwareReads}). None unless set, before {@link #start()}.
   */
  public MeterTcpServer readFirst(Predicate<String> meters) {
    this.readFirst = meters;
    return this;
  }

  /**
   * How to learn the serial of a meter whose pushes do not carry it; set before {@link #start()}.
   */
  public MeterTcpServer identifyWith(MeterIdentifier identifier) {
    this.identifier = identifier;
    return this;
  }

  /**
   * How to ask a meter for its own layout when a push does not fit its model, and whether to ask
   * every meter once when it is first seen; set before {@link #start()}.
   */
  public MeterTcpServer learnWith(LayoutLearner learner, boolean onFirstContact) {
    this.learner = learner;
    this.learnOnFirstContact = onFirstContact;
    return this;
  }

  /**
   * How many questions about themselves (serial, layout) meters are asked at once across the
   * listener, and how often one is asked again after failing; set before {@link #start()}.
   */
  public MeterTcpServer askAtMost(QuestionLimits limits) {
    this.questionLimits = limits;
    return this;
  }

  /**
   * Opens ciphered pushes (and refuses plain ones from meters that must cipher); set before {@link
   * #start()}. Without it a ciphered push is refused ({@code auth_failed}).
   */
  public MeterTcpServer securePushesWith(PushSecurity security) {
    this.security = security;
    return this;
  }

  /**
   * The directory all nodes share: a meter live on another node is refused here; set before {@link
   * #start()}. Without it this node decides alone.
   */
  public MeterTcpServer acrossNodes(SessionDirectory directory) {
    this.sharedDirectory = directory;
    return this;
  }

  /**
   * How a connection claiming a live session's serial is dealt with; set before {@link #start()}.
   */
  public MeterTcpServer identityRules(IdentityRules rules) {
    this.identityRules = rules;
    return this;
  }

  public MeterTcpServer start() throws InterruptedException {
    sink.addCapacityListener(
        on -> {
          storeKeepsUp = on;
          reconsiderReading();
        });
    // a paused listener hands no push over, so the push threads' catching up is looked for here
    boss.next().scheduleAtFixedRate(pushThreads::check, 20, 20, TimeUnit.MILLISECONDS);
    questions = new MeterQuestions(questionLimits, metrics);
    contests =
        new IdentityContests(
            sessions,
            () -> identifier,
            identityRules,
            metrics,
            Clock.systemUTC(),
            sharedDirectory,
            blocking);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // one read of at most READ_BYTES per connection per pass of its event loop: a loop that
            // resumes a few thousand connections at once otherwise reads each one's whole backlog
            // in one pass, and the answers to the head-end's own requests wait for the pass
            .childOption(
                ChannelOption.RCVBUF_ALLOCATOR,
                new FixedRecvByteBufAllocator(READ_BYTES).maxMessagesPerRead(1))
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    // reads until its meter is identified, even while the store is behind
                    ch.config().setAutoRead(true);
                    ch.pipeline()
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                cfg.idleTimeout().toSeconds(), 0, 0, TimeUnit.SECONDS));
                    ch.pipeline()
                        .addLast("frameDecoder", new WrapperFrameDecoder(cfg.maxApduLength()));
                    ch.pipeline().addLast("frameEncoder", new WrapperFrameEncoder());
                    ch.pipeline()
                        .addLast(
                            "commandReads",
                            new CommandAwareReads(MeterTcpServer.this::keepUp, readFirst));
                    for (Supplier<ChannelHandler> h : associationHandlers) {
                      ch.pipeline().addLast(h.get());
                    }
                    if (security != null) {
                      // the opener closes a connection whose meter hung up once its pushes are
                      // opened
                      ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                      ch.pipeline()
                          .addLast(
                              "cipheredPushes",
                              new CipheredPushOpener(
                                  security, cipher, MeterTcpServer.this::keepUp, readFirst));
                    }
                    ch.pipeline().addLast("pushThreads", pushThreads.watch());
                    ch.pipeline()
                        .addLast(
                            pushThreads.group(),
                            "push",
                            new PushHandler(
                                decoder,
                                models,
                                sink,
                                sessions,
                                sightings,
                                identifier,
                                contests,
                                metrics,
                                Clock.systemUTC(),
                                learner,
                                learnOnFirstContact,
                                security,
                                questions));
                  }
                });
    serverChannel = b.bind(cfg.bindAddress(), cfg.port()).sync().channel();
    log.info("DLMS/COSEM TCP listener on {}", serverChannel.localAddress());
    return this;
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Every Netty event loop of the listener still runs. A loop whose thread died (an Error escaping
   * a handler) is shutting down or terminated while this server has not been closed, and the meters
   * it carried are silently no longer read: {@code /health} reports it, the node must be restarted.
   */
  public boolean eventLoopsAlive() {
    for (EventLoopGroup group : List.of(boss, workers)) {
      for (io.netty.util.concurrent.EventExecutor loop : group) {
        if (loop.isShuttingDown() || loop.isTerminated()) {
          return false;
        }
      }
    }
    return true;
  }

  public int connections() {
    return channels.size();
  }

  /** The store and the push threads both keep up: connections read. */
  private boolean keepUp() {
    return storeKeepsUp && pushThreads.keepUp();
  }

  /**
   * Applies {@link #keepUp()} to every connection, on the boss thread: the store's writer and the
   * push threads change it from their own threads (and must not wait here), and one thread applying
   * the latest value leaves the connections as it is now, whichever change came last.
   */
  private void reconsiderReading() {
    try {
      boss.execute(() -> setReading(keepUp()));
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the listener is closing: no connection is read any more
    }
  }

  private void setReading(boolean on) {
    if (reading == on) {
      return;
    }
    reading = on;
    log.info(
        on
            ? "store and push threads caught up: resuming reads from meters"
            : "{} behind: pausing reads from meters",
        storeKeepsUp ? "push threads" : "store");
    for (Channel c : channels) {
      // a connection its ciphered pushes hold stays held until they can be checked
      c.config().setAutoRead(on && !CipheredPushOpener.holdsReads(c));
      // A connection waiting for a meter's answer, whose meter is not identified yet, or that is
      // to be read first, keeps reading (CommandAwareReads pauses it after). Checked after pausing:
      // a request written
      // meanwhile on the channel's event loop marks the channel before it re-enables reads, so
      // either order leaves it reading.
      if (!on && CommandAwareReads.keepsReading(c, readFirst)) {
        c.config().setAutoRead(true);
      }
    }
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    pushThreads.close();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    blocking.shutdownNow();
    cipher.shutdownNow();
  }
}
