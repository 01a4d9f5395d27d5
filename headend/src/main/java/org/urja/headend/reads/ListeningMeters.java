package org.urja.headend.reads;

import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.urja.headend.commands.MeterDialler;

/**
 * Dials a meter at the address an operator gave it, through the shared, bounded {@link DialOut}.
 */
public final class ListeningMeters implements MeterDialler {
  private final MeterAddresses addresses;
  private final DialOut dialOut;

  public ListeningMeters(MeterAddresses addresses, DialOut dialOut) {
    this.addresses = addresses;
    this.dialOut = dialOut;
  }

  @Override
  public Optional<CompletableFuture<Channel>> dial(String serial) {
    return addresses.find(serial).map(a -> dialOut.dial(a.socketAddress()));
  }

  @Override
  public boolean listens(String serial) {
    return addresses.find(serial).isPresent();
  }
}
