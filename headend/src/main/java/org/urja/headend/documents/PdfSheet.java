package org.urja.headend.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * One A4 page of text for bills and receipts, in Noto Sans Devanagari (OFL, in {@code
 * resources/fonts}), which carries Latin, digits and ₹ as well as Devanagari. The fonts are
 * embedded as subsets through {@link PDType0Font}, whose GSUB support (PDFBox 3) shapes Devanagari:
 * conjuncts, reph and the pre-base vowel sign ि are substituted and reordered before the glyphs are
 * written (see {@code DevanagariRenderingTest} for how that is checked).
 */
final class PdfSheet implements AutoCloseable {

  static final float MARGIN = 48;
  static final float WIDTH = PDRectangle.A4.getWidth();
  private static final String REGULAR = "/fonts/NotoSansDevanagari-Regular.ttf";
  private static final String BOLD = "/fonts/NotoSansDevanagari-Bold.ttf";

  private final PDDocument doc = new PDDocument();
  private final PDType0Font regular;
  private final PDType0Font bold;
  private PDPageContentStream cs;
  private float y;

  PdfSheet(String title) {
    try {
      regular = load(REGULAR);
      bold = load(BOLD);
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      doc.getDocumentInformation().setTitle(title);
      doc.getDocumentInformation().setCreator("Urja head-end");
      cs = new PDPageContentStream(doc, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PDType0Font load(String resource) throws IOException {
    try (InputStream in = PdfSheet.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("font " + resource + " is missing from the class path");
      }
      return PDType0Font.load(doc, in, true);
    }
  }

  /** A line of text at the left margin. */
  PdfSheet line(String text, float size, boolean strong) {
    y -= size * 1.5f;
    write(text, MARGIN, size, strong);
    return this;
  }

  /**
   * Text in columns: each cell starts at its x (points from the left edge); a negative x
   * right-aligns at -x.
   */
  PdfSheet row(float size, boolean strong, float[] xs, String... cells) {
    y -= size * 1.6f;
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] == null || cells[i].isEmpty()) {
        continue;
      }
      float x = xs[i];
      if (x < 0) {
        x = -x - width(cells[i], size, strong);
      }
      write(cells[i], x, size, strong);
    }
    return this;
  }

  /** A label and its value on one line, the value at a fixed column. */
  PdfSheet field(String label, String value) {
    return row(10.5f, false, new float[] {MARGIN, MARGIN + 190}, label, value);
  }

  PdfSheet gap(float points) {
    y -= points;
    return this;
  }

  PdfSheet rule() {
    y -= 6;
    try {
      cs.setLineWidth(0.6f);
      cs.moveTo(MARGIN, y);
      cs.lineTo(WIDTH - MARGIN, y);
      cs.stroke();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  float width(String text, float size, boolean strong) {
    try {
      return (strong ? bold : regular).getStringWidth(text) / 1000 * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String text, float x, float size, boolean strong) {
    try {
      cs.beginText();
      cs.setFont(strong ? bold : regular, size);
      cs.newLineAtOffset(x, y);
      cs.showText(text);
      cs.endText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the page and returns the document's bytes. */
  byte[] finish() {
    try {
      cs.close();
      cs = null;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (cs != null) {
        cs.close();
      }
      doc.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
