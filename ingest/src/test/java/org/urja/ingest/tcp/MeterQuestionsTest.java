package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.urja.ingest.metrics.IngestMetrics;

/**
 * The listener's questions to meters about themselves: bounded in number, those that hold pushes
 * first, a failed one asked again. The questions here are futures the test completes, standing for
 * a meter's answers.
 */
class MeterQuestionsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final EmbeddedChannel channel = new EmbeddedChannel();
  final List<String> started = new ArrayList<>();
  final List<CompletableFuture<String>> pending = new ArrayList<>();

  MeterQuestions questions(int inFlight, int attempts) {
    return new MeterQuestions(
        new QuestionLimits(inFlight, attempts, Duration.ZERO), new IngestMetrics(registry));
  }

  CompletableFuture<String> ask(MeterQuestions q, String name, boolean urgent) {
    return q.ask(
        channel,
        urgent,
        () -> {
          started.add(name);
          CompletableFuture<String> answer = new CompletableFuture<>();
          pending.add(answer);
          return answer;
        });
  }

  @Test
  void noMoreQuestionsAreAskedAtOnceThanTheBoundAndTheNextGoesWhenOneIsAnswered() {
    MeterQuestions q = questions(2, 1);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(ask(q, "q" + i, true));
    }
    channel.runPendingTasks();
    assertThat(started).containsExactly("q0", "q1");
    assertThat(q.asking()).isEqualTo(2);

    pending.get(0).complete("SIM00000001");
    channel.runPendingTasks();
    assertThat(answers.get(0)).isCompletedWithValue("SIM00000001");
    assertThat(started).containsExactly("q0", "q1", "q2");
    assertThat(q.asking()).isEqualTo(2);
  }

  @Test
  void questionsThatPushesWaitForGoBeforeThoseAskedInTheBackground() {
    MeterQuestions q = questions(1, 1);
    ask(q, "first", true);
    ask(q, "background", false);
    ask(q, "waited-for", true);
    channel.runPendingTasks();
    pending.get(0).complete("done");
    channel.runPendingTasks();
    assertThat(started).containsExactly("first", "waited-for");
    pending.get(1).complete("done");
    channel.runPendingTasks();
    assertThat(started).containsExactly("first", "waited-for", "background");
  }

  @Test
  void aQuestionThatTimesOutIsAskedAgainAndOnlyTheLastFailureIsReported() {
    MeterQuestions q = questions(4, 2);
    CompletableFuture<String> answer = ask(q, "serial", true);
    channel.runPendingTasks();
    pending.get(0).completeExceptionally(new TimeoutException("no response within PT10S"));
    channel.runPendingTasks();
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
    assertThat(started).containsExactly("serial", "serial");
    assertThat(answer).isNotDone();
    assertThat(q.asking()).isEqualTo(1);

    pending.get(1).completeExceptionally(new TimeoutException("no response within PT10S"));
    channel.runPendingTasks();
    assertThat(answer).isCompletedExceptionally();
    assertThat(q.asking()).isZero();
    assertThat(registry.counter("urja.ingest.meter.questions.retried").count()).isEqualTo(1);
  }

  @Test
  void aQuestionForAConnectionThatClosedMeanwhileIsNotAskedAndFreesItsPlace() {
    MeterQuestions q = questions(1, 3);
    ask(q, "first", true);
    channel.runPendingTasks();
    channel.close();
    CompletableFuture<String> late = ask(q, "late", true);
    pending.get(0).complete("done");
    channel.runPendingTasks();
    assertThat(started).containsExactly("first");
    assertThat(late).isCompletedExceptionally();
    assertThat(q.asking()).isZero();
  }

  @Test
  void aBackgroundQuestionThatFailsIsNotAskedAgain() {
    MeterQuestions q = questions(4, 3);
    CompletableFuture<String> answer = ask(q, "first-contact", false);
    channel.runPendingTasks();
    pending.get(0).completeExceptionally(new TimeoutException("no response within PT10S"));
    channel.runPendingTasks();
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
    assertThat(started).containsExactly("first-contact");
    assertThat(answer).isCompletedExceptionally();
    assertThat(q.asking()).isZero();
  }

  @Test
  void questionsStillWaitingWhenTheNodeStopsAreDroppedQuietlyAndGiveTheirPlacesBack()
      throws Exception {
    io.netty.channel.DefaultEventLoopGroup loops = new io.netty.channel.DefaultEventLoopGroup(1);
    // a connected pair on a real event loop (a question is asked only on an active connection)
    io.netty.channel.local.LocalAddress address =
        new io.netty.channel.local.LocalAddress("meter-questions-" + System.nanoTime());
    new io.netty.bootstrap.ServerBootstrap()
        .group(loops)
        .channel(io.netty.channel.local.LocalServerChannel.class)
        .childHandler(new io.netty.channel.ChannelInboundHandlerAdapter())
        .bind(address)
        .sync();
    io.netty.channel.Channel meter =
        new io.netty.bootstrap.Bootstrap()
            .group(loops)
            .channel(io.netty.channel.local.LocalChannel.class)
            .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
            .connect(address)
            .sync()
            .channel();
    MeterQuestions q = questions(1, 1);
    List<CompletableFuture<String>> asked = new ArrayList<>();
    CompletableFuture<String> first =
        q.ask(
            meter,
            true,
            () -> {
              CompletableFuture<String> a = new CompletableFuture<>();
              asked.add(a);
              return a;
            });
    CompletableFuture<String> waiting =
        q.ask(meter, true, () -> CompletableFuture.completedFuture("never asked"));
    org.awaitility.Awaitility.await().until(() -> asked.size() == 1);

    loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    asked.get(0).complete("SIM00000001"); // the place passes to the waiting one: refused

    assertThat(first).isCompletedWithValue("SIM00000001");
    assertThat(waiting).isCompletedExceptionally();
    assertThat(q.asking()).isZero();
  }
}
