package dev.berth.platform.diagram;

import dev.berth.platform.diagram.Diagram.Edge;
import dev.berth.platform.diagram.Diagram.EdgeKind;
import dev.berth.platform.diagram.Diagram.Kind;
import dev.berth.platform.diagram.Diagram.Node;
import dev.berth.platform.diagram.Layout.Box;
import dev.berth.platform.diagram.Layout.Route;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The diagram as one self-contained SVG file: no fonts, scripts, images or style sheets of its own to fetch, every
 * style an attribute, so it shows the same in a browser, a pull request or a document.
 */
final class SvgWriter {

    static final String FONTS = "DejaVu Sans, Arial, sans-serif";
    /** Space around the drawing, and the band the title takes above it. */
    static final double MARGIN = 20;
    static final double TITLE_BAND = 36;
    private static final double TITLE_SIZE = 16;

    private final Diagram diagram;
    private final Layout layout;
    private final StringBuilder out = new StringBuilder();

    private SvgWriter(Diagram diagram, Layout layout) {
        this.diagram = diagram;
        this.layout = layout;
    }

    static String write(Diagram diagram, Layout layout) {
        return new SvgWriter(diagram, layout).svg();
    }

    /** The drawing's width: the layout's, or the title's where it is wider, and the margins. */
    static double pageWidth(Diagram diagram, Layout layout) {
        return Math.max(layout.width(), TextMetrics.width(diagram.title(), TITLE_SIZE, true)) + 2 * MARGIN;
    }

    /** The drawing's height: the title's band, the layout's and the margins. */
    static double pageHeight(Layout layout) {
        return layout.height() + 2 * MARGIN + TITLE_BAND;
    }

    private String svg() {
        double width = pageWidth(diagram, layout);
        double height = pageHeight(layout);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(number(width)).append("\" height=\"")
                .append(number(height)).append("\" viewBox=\"0 0 ").append(number(width)).append(' ').append(number(height))
                .append("\" font-family=\"").append(FONTS).append("\">\n");
        out.append("  <defs>\n");
        for (EdgeKind kind : EdgeKind.values()) {
            out.append("    <marker id=\"arrow-").append(name(kind)).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\"")
                    .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                    .append(Palette.edge(kind).stroke()).append("\"/></marker>\n");
        }
        out.append("  </defs>\n");
        out.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        out.append("  <text x=\"").append(number(MARGIN)).append("\" y=\"").append(number(MARGIN + TITLE_SIZE))
                .append("\" font-size=\"").append(number(TITLE_SIZE)).append("\" font-weight=\"bold\" fill=\"#263238\">")
                .append(escape(diagram.title())).append("</text>\n");
        out.append("  <g transform=\"translate(").append(number(MARGIN)).append(' ').append(number(MARGIN + TITLE_BAND)).append(")\">\n");
        diagram.nodes().forEach(this::node);
        for (int i = 0; i < diagram.edges().size(); i++) {
            edge(diagram.edges().get(i), layout.route(i));
        }
        // Edges enter a box through its top, where its heading is: headings and labels go over the lines, on their ground.
        diagram.allNodes().stream().filter(Node::isContainer).forEach(this::heading);
        for (int i = 0; i < diagram.edges().size(); i++) {
            label(diagram.edges().get(i), layout.route(i));
        }
        out.append("  </g>\n</svg>\n");
        return out.toString();
    }

    /** A node's box, and a leaf's text centred in it; then the boxes it holds, over it. */
    private void node(Node node) {
        Box box = layout.box(node.id());
        Palette.Colors colors = Palette.node(node.kind());
        out.append("    <g id=\"").append(node.id()).append("\" class=\"node\">\n");
        out.append("      <title>").append(escape(String.join(" · ", node.lines()))).append("</title>\n");
        out.append("      <rect x=\"").append(number(box.x())).append("\" y=\"").append(number(box.y())).append("\" width=\"")
                .append(number(box.width())).append("\" height=\"").append(number(box.height())).append("\" rx=\"")
                .append(node.kind() == Kind.VPC ? "10" : "6").append("\" fill=\"").append(colors.fill()).append("\" stroke=\"")
                .append(colors.stroke()).append("\" stroke-width=\"").append(node.kind() == Kind.VPC ? "1.6" : "1.1").append('"')
                .append(node.kind() == Kind.HOSTS ? " stroke-dasharray=\"6 3\"" : "").append("/>\n");
        if (!node.isContainer()) {
            double free = box.height() - 2 * Layout.PADDING_Y - Layout.TITLE_LINE - node.details().size() * Layout.DETAIL_LINE;
            lines(node, box.x() + box.width() / 2, box.y() + Layout.PADDING_Y + free / 2, " text-anchor=\"middle\"");
        }
        out.append("    </g>\n");
        node.children().forEach(this::node);
    }

    /** A container's heading at its top left, edged in the container's colour so a line under it does not cross the words. */
    private void heading(Node container) {
        Box box = layout.box(container.id());
        out.append("    <g class=\"heading\" data-node=\"").append(container.id()).append("\">\n");
        lines(container, box.x() + Layout.PADDING_X, box.y() + Layout.PADDING_Y, " stroke=\""
                + Palette.node(container.kind()).fill() + "\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        out.append("    </g>\n");
    }

    /** A node's title and details, one text a line, from the top of the first line. */
    private void lines(Node node, double x, double top, String attributes) {
        Palette.Colors colors = Palette.node(node.kind());
        List<String> lines = node.lines();
        double y = top;
        for (int i = 0; i < lines.size(); i++) {
            boolean title = i == 0;
            y += title ? Layout.TITLE_LINE : Layout.DETAIL_LINE;
            out.append("      <text x=\"").append(number(x)).append("\" y=\"").append(number(y - (title ? 4 : 3)))
                    .append("\" font-size=\"").append(number(title ? Layout.TITLE_FONT : Layout.DETAIL_FONT)).append('"')
                    .append(attributes).append(title ? " font-weight=\"bold\"" : "").append(" fill=\"")
                    .append(title ? colors.text() : "#455a64").append("\">").append(escape(lines.get(i))).append("</text>\n");
        }
    }

    private void edge(Edge edge, Route route) {
        Palette.Colors colors = Palette.edge(edge.kind());
        String points = route.points().stream().map(point -> number(point.x()) + "," + number(point.y()))
                .collect(Collectors.joining(" "));
        out.append("    <polyline class=\"edge\" data-from=\"").append(edge.from()).append("\" data-to=\"").append(edge.to())
                .append("\" data-flows=\"").append(escape(edge.flows().stream().map(flow -> flow.from() + ">" + flow.to() + " "
                        + flow.protocol() + " " + flow.port()).collect(Collectors.joining("; "))))
                .append("\" points=\"").append(points).append("\" fill=\"none\" stroke=\"").append(colors.stroke())
                .append("\" stroke-width=\"1.3\"").append(edge.kind() == EdgeKind.PROTECTS ? " stroke-dasharray=\"5 3\"" : "")
                .append(" marker-end=\"url(#arrow-").append(name(edge.kind())).append(")\"/>\n");
    }

    private void label(Edge edge, Route route) {
        Box box = route.label();
        if (box == null) {
            return;
        }
        out.append("    <g class=\"edge-label\">\n      <rect x=\"").append(number(box.x())).append("\" y=\"").append(number(box.y()))
                .append("\" width=\"").append(number(box.width())).append("\" height=\"").append(number(box.height()))
                .append("\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>\n");
        double y = box.y() + 1;
        for (String line : edge.label()) {
            y += Layout.LABEL_LINE;
            out.append("      <text x=\"").append(number(box.x() + box.width() / 2)).append("\" y=\"").append(number(y - 3))
                    .append("\" font-size=\"").append(number(Layout.LABEL_FONT)).append("\" text-anchor=\"middle\" fill=\"")
                    .append(Palette.edge(edge.kind()).text()).append("\">").append(escape(line)).append("</text>\n");
        }
        out.append("    </g>\n");
    }

    private static String name(EdgeKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A coordinate with one decimal, the same on every machine. */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
