package dev.berth.platform.diagram;

/**
 * How wide a line of text is drawn, from DejaVu Sans's advance widths: the layout needs each box's and label's size
 * before anything is drawn, and measuring with the machine's fonts would make the same plan give other files elsewhere.
 * Arial, the fallback, is narrower, so text measured this way fits either.
 */
final class TextMetrics {

    /** DejaVu Sans's advance widths of the printable ASCII characters (32 to 126), in thousandths of the font size. */
    private static final int[] ASCII = {318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636,
            636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
            752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838,
            500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634,
            592, 818, 592, 592, 525, 636, 337, 636, 838};
    /** The characters beyond ASCII the labels use: the middle dot, the en dash, the multiplication sign and arrows. */
    private static final String OTHERS = "·–×→";
    private static final int[] OTHER_WIDTHS = {318, 500, 838, 838};
    /** Bold glyphs of DejaVu Sans are about this much wider. */
    private static final double BOLD = 1.1;

    private TextMetrics() {
    }

    /** The width of one line at a font size, in the same units. */
    static double width(String text, double fontSize, boolean bold) {
        double thousandths = 0;
        for (int i = 0; i < text.length(); i++) {
            thousandths += advance(text.charAt(i));
        }
        return thousandths / 1000 * fontSize * (bold ? BOLD : 1);
    }

    private static int advance(char c) {
        if (c >= 32 && c <= 126) {
            return ASCII[c - 32];
        }
        int other = OTHERS.indexOf(c);
        // Anything else is taken as wide as the widest letters, so it never overflows its box.
        return other >= 0 ? OTHER_WIDTHS[other] : 1000;
    }
}
