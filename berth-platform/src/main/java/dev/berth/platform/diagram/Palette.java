package dev.berth.platform.diagram;

import dev.berth.platform.diagram.Diagram.EdgeKind;
import dev.berth.platform.diagram.Diagram.Kind;

/**
 * The colours of the drawings, one set for the SVG, the draw.io file and the Mermaid chart: the tiers tinted (public
 * light blue, compute light green, data light amber), the edge in lilac, the rest in greys that print.
 */
final class Palette {

    /**
     * @param fill the inside
     * @param stroke the outline (or the line, for an edge)
     * @param text the title's colour (or the label's)
     */
    record Colors(String fill, String stroke, String text) {
    }

    private Palette() {
    }

    static Colors node(Kind kind) {
        return switch (kind) {
            case OUTSIDE -> new Colors("#eceff1", "#78909c", "#263238");
            case EDGE -> new Colors("#f3e5f5", "#8e24aa", "#4a148c");
            case VPC -> new Colors("#fbfcfd", "#37474f", "#263238");
            case PUBLIC_SUBNETS -> new Colors("#e3f2fd", "#64b5f6", "#0d47a1");
            case COMPUTE_SUBNETS -> new Colors("#e8f5e9", "#66bb6a", "#1b5e20");
            case DATA_SUBNETS -> new Colors("#fff8e1", "#ffb300", "#8d4f00");
            case HOSTS -> new Colors("#ffffff", "#607d8b", "#263238");
            case RESOURCE -> new Colors("#ffffff", "#455a64", "#263238");
            case REGIONAL -> new Colors("#f5f5f5", "#b0bec5", "#37474f");
            case REGIONAL_SERVICE -> new Colors("#ffffff", "#90a4ae", "#263238");
        };
    }

    static Colors edge(EdgeKind kind) {
        return switch (kind) {
            case FLOW -> new Colors("none", "#37474f", "#263238");
            case PATH -> new Colors("none", "#8e24aa", "#4a148c");
            case PROTECTS -> new Colors("none", "#ab47bc", "#4a148c");
        };
    }
}
