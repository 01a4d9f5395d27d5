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

  public String sql() {
    return " limit " + (limit + 1) + " offset " + offset;
  }
}
