package org.urja.headend.api;

import java.util.List;

/** Offset pagination, the same on every list: {@code ?limit=50&offset=0}. */
public record Page(int limit, int offset) {

  /** A page of results; {@code nextOffset} is null on the last page. */
  public record Of<T>(List<T> items, int limit, int offset, Integer nextOffset) {}

  /**
   * Wraps rows fetched with {@code limit + 1} so the presence of a next page is known without a
   * count.
   */
  public <T> Of<T> of(List<T> rowsPlusOne) {
    boolean more = rowsPlusOne.size() > limit;
    List<T> items = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
    return new Of<>(items, limit, offset, more ? offset + limit : null);
  }

  /** A page that also says how many there are in all, for lists a person pages through. */
  public record Counted<T>(List<T> items, int limit, int offset, Integer nextOffset, long total) {}

  /** As {@link #of}, with the count of every row the query matches. */
  public <T> Counted<T> of(List<T> rowsPlusOne, long total) {
    Of<T> p = of(rowsPlusOne);
    return new Counted<>(p.items(), limit, offset, p.nextOffset(), total);
  }

  public String sql() {
    return " limit " + (limit + 1) + " offset " + offset;
  }
}
