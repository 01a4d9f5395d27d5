package org.urja.headend.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;

/**
 * Hindi on bills and receipts is shaped, not a row of unjoined letters: a line written by {@link
 * PdfSheet} (PDFBox 3, GSUB) is rendered to an image with PDFBox's own renderer and compared with
 * the same line laid out by java.awt's {@link TextLayout}, which shapes with HarfBuzz, in the same
 * font at the same pixel size.
 *
 * <p>Tolerance: both ink boxes are cropped and compared pixel by pixel (ink = darker than mid-grey,
 * each mask widened by one pixel so anti-aliasing differences do not count). PDFBox applies GSUB
 * (conjuncts, half forms, reph, the pre-base ि moved before its consonant) but not GPOS (mark
 * positioning), so small marks may sit a pixel or two apart: the shaped PDF must overlap the
 * HarfBuzz rendering by at least 80 % (intersection over union) and match its width within 3 %. The
 * same comparison against the unshaped glyphs (each character's own glyph, in text order) must fall
 * clearly below that, so the test can tell shaped from unshaped at all. Measured with PDFBox 3.0.8
 * and this font: 1.00 overlap and equal widths for the PDF, 0.42 for the unshaped control.
 */
class DevanagariRenderingTest {

  /** कि and बि (pre-base ि), क्ष, स्त, प्र (conjuncts and rakar), र्म (reph), ड़ (nukta). */
  private static final String HINDI = "किस्त प्रीपेड क्षमा कर्मचारी बिजली पड़ोसी";

  private static final float POINTS = 24;
  private static final float DPI = 144;

  @Test
  void hindiInABillPdfIsShapedAsHarfBuzzShapesIt() throws Exception {
    BufferedImage pdf = crop(renderPdf());
    BufferedImage shaped = crop(renderAwt(true));
    BufferedImage unshaped = crop(renderAwt(false));

    double shapedOverlap = overlap(pdf, shaped);
    double unshapedOverlap = overlap(pdf, unshaped);
    double width = (double) pdf.getWidth() / shaped.getWidth();

    assertThat(width).as("ink width PDF / HarfBuzz").isBetween(0.97, 1.03);
    assertThat(shapedOverlap)
        .as("overlap with the HarfBuzz rendering")
        .isGreaterThanOrEqualTo(0.80);
    assertThat(overlap(shaped, unshaped))
        .as("the unshaped control differs from HarfBuzz")
        .isLessThan(0.6);
    assertThat(unshapedOverlap).as("overlap with unshaped glyphs").isLessThan(shapedOverlap - 0.2);
  }

  private static BufferedImage renderPdf() throws Exception {
    byte[] bytes;
    try (PdfSheet s = new PdfSheet("shaping")) {
      bytes = s.line(HINDI, POINTS, false).finish();
    }
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      return new PDFRenderer(doc).renderImageWithDPI(0, DPI);
    }
  }

  private static BufferedImage renderAwt(boolean shaped) throws Exception {
    Font font;
    try (InputStream in =
        PdfSheet.class.getResourceAsStream("/fonts/NotoSansDevanagari-Regular.ttf")) {
      font = Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(POINTS * DPI / 72);
    }
    BufferedImage img = new BufferedImage(1800, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    FontRenderContext frc = g.getFontRenderContext();
    if (shaped) {
      new TextLayout(HINDI, font, frc).draw(g, 20, 130);
    } else {
      // one glyph per character, in text order: what a PDF writer without shaping would produce
      GlyphVector gv = font.createGlyphVector(frc, HINDI.toCharArray());
      g.drawGlyphVector(gv, 20, 130);
    }
    g.dispose();
    return img;
  }

  /** The image cut to its ink's bounding box. */
  private static BufferedImage crop(BufferedImage img) {
    int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (ink(img, x, y)) {
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
    }
    assertThat(maxX).as("some ink was drawn").isGreaterThanOrEqualTo(0);
    return img.getSubimage(minX, minY, maxX - minX + 1, maxY - minY + 1);
  }

  private static boolean ink(BufferedImage img, int x, int y) {
    int rgb = img.getRGB(x, y);
    int grey = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
    return grey < 128;
  }

  /**
   * Intersection over union of the two ink masks, aligned at their top-left corners, each widened
   * by a pixel.
   */
  private static double overlap(BufferedImage a, BufferedImage b) {
    int w = Math.max(a.getWidth(), b.getWidth());
    int h = Math.max(a.getHeight(), b.getHeight());
    boolean[][] ma = mask(a, w, h);
    boolean[][] mb = mask(b, w, h);
    long inter = 0;
    long union = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean pa = ink(a, x, y, w, h);
        boolean pb = ink(b, x, y, w, h);
        // a pixel of one counts as matched when the other's widened mask has it
        if (pa || pb) {
          union++;
          if ((pa && mb[y][x]) || (pb && ma[y][x])) {
            inter++;
          }
        }
      }
    }
    return (double) inter / union;
  }

  private static boolean ink(BufferedImage img, int x, int y, int w, int h) {
    return x < img.getWidth() && y < img.getHeight() && ink(img, x, y);
  }

  private static boolean[][] mask(BufferedImage img, int w, int h) {
    boolean[][] m = new boolean[h][w];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (ink(img, x, y)) {
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int yy = y + dy;
              int xx = x + dx;
              if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                m[yy][xx] = true;
              }
            }
          }
        }
      }
    }
    return m;
  }
}
