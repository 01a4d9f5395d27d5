package org.urja.ledger.account;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payment gateway's hosted page for one utility, e.g. {@code
 * https://pay.example.com/{utility}/{consumerNumber}?amount={amountPaise}}. Placeholders: {@code
 * {utility}}, {@code {consumerNumber}} (alias {@code {accountId}}), {@code {amountPaise}} and
 * {@code {amountRupees}} ("250.00"); each value is percent-encoded (RFC 3986 unreserved characters
 * kept), so a consumer number with a slash or a space cannot change the URL's shape. An unknown
 * placeholder is refused when the settings are saved, not when a consumer asks for the link.
 */
public record PaymentLinkTemplate(String template) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private static final Set<String> KNOWN =
      Set.of("utility", "consumerNumber", "accountId", "amountPaise", "amountRupees");

  public PaymentLinkTemplate {
    if (template == null || !template.matches("https?://[^\\s]+")) {
      throw new IllegalArgumentException(
          "paymentLinkTemplate must be an http(s) URL without spaces, got " + template);
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw new IllegalArgumentException(
            "paymentLinkTemplate has an unknown placeholder {"
                + m.group(1)
                + "}; known: {utility}, {consumerNumber}, {accountId}, {amountPaise}, {amountRupees}");
      }
    }
  }

  /**
   * The link for one account; {@code amountPaise} null leaves the amount placeholders empty (the
   * gateway's page then asks for it).
   */
  public String fill(String utilityId, String accountId, Long amountPaise) {
    Map<String, String> values =
        Map.of(
            "utility", utilityId,
            "consumerNumber", accountId,
            "accountId", accountId,
            "amountPaise", amountPaise == null ? "" : Long.toString(amountPaise),
            "amountRupees",
                amountPaise == null ? "" : BigDecimal.valueOf(amountPaise, 2).toPlainString());
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(encode(values.get(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Percent-encoding of everything but RFC 3986's unreserved characters (space is %20). */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
