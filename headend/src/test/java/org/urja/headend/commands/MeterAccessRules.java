package org.urja.headend.commands;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.server.CosemServerHandler;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * Test-only: stands in front of a simulated meter's COSEM server (strict, IS 15959) and counts what
 * reached it: AARQs by client, ACTIONs. It can make the meter refuse ACTION on every association
 * but one with ExceptionResponse service-unknown / service-not-supported (the answer the issue saw
 * from an independent meter, even where the conformance said otherwise), and fall silent for a
 * number of ACTION requests, as a meter on a poor link does. On a ciphered association ACTIONs are
 * glo-action-requests; the first one after an HLS AARQ is the head-end's answer to the meter's
 * challenge (pass 3), not a command, and is let through uncounted.
 */
final class MeterAccessRules {
  static final int ACTION_REQUEST = 0xC3;
  static final int GLO_ACTION_REQUEST = 0xCB;
  static final int UTILITY_SETTINGS = 0x30;
  static final int AARQ = 0x60;

  private final int actionClient;
  private final AtomicInteger silentActions = new AtomicInteger();
  final AtomicInteger actions = new AtomicInteger();
  final AtomicInteger refusedActions = new AtomicInteger();
  final Map<Integer, AtomicInteger> aarqsByClient = new ConcurrentHashMap<>();

  /**
   * @param actionClient the only client wPort whose association may invoke methods
   */
  MeterAccessRules(int actionClient) {
    this.actionClient = actionClient;
  }

  /** The next {@code n} ACTION requests go unanswered. */
  MeterAccessRules silentFor(int n) {
    silentActions.set(n);
    return this;
  }

  int aarqs() {
    return aarqsByClient.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int aarqsFrom(int client) {
    return aarqsByClient.getOrDefault(client, new AtomicInteger()).get();
  }

  /** The handler for one simulated meter's connection: these rules, then its COSEM server. */
  ChannelHandler handlerFor(SimulatedMeter meter, ServerSettings settings) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new Gate(), new CosemServerHandler(meter, settings));
      }
    };
  }

  /** One connection's view: which client the open association belongs to. */
  private final class Gate extends ChannelInboundHandlerAdapter {
    private int associationClient = -1;
    private boolean hlsPass3Due;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof WrapperFrame f && f.apduUnsafe().length > 0) {
        int tag = f.apduUnsafe()[0] & 0xFF;
        if (tag == AARQ) {
          associationClient = f.sourceWPort();
          hlsPass3Due = associationClient == UTILITY_SETTINGS;
          aarqsByClient
              .computeIfAbsent(f.sourceWPort(), k -> new AtomicInteger())
              .incrementAndGet();
        } else if (tag == GLO_ACTION_REQUEST && hlsPass3Due) {
          hlsPass3Due = false;
        } else if (tag == ACTION_REQUEST || tag == GLO_ACTION_REQUEST) {
          actions.incrementAndGet();
          if (silentActions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
          }
          if (associationClient != actionClient) {
            refusedActions.incrementAndGet();
            ctx.writeAndFlush(
                f.reply(
                    ExceptionResponse.of(
                            ExceptionResponse.SERVICE_UNKNOWN,
                            ExceptionResponse.SERVICE_NOT_SUPPORTED)
                        .encode()));
            return;
          }
        }
      }
      ctx.fireChannelRead(msg);
    }
  }
}
