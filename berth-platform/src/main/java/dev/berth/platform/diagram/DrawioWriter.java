package dev.berth.platform.diagram;

import static dev.berth.platform.diagram.SvgWriter.number;

import dev.berth.platform.diagram.Diagram.Edge;
import dev.berth.platform.diagram.Diagram.EdgeKind;
import dev.berth.platform.diagram.Diagram.Node;
import dev.berth.platform.diagram.Layout.Box;
import dev.berth.platform.diagram.Layout.Point;
import dev.berth.platform.diagram.Layout.Route;
import java.util.List;
import java.util.Locale;

/**
 * The diagram as a draw.io (diagrams.net) file a user opens and edits: the layout's positions, containers as parent
 * cells (a tier moved moves what it holds), edges attached to their nodes where the layout attached them, with the
 * layout's bends as waypoints.
 */
final class DrawioWriter {

    /** Where the layout's origin lies on the page: inside the margin, below the title. */
    private static final Point LAYOUT_ON_PAGE = new Point(SvgWriter.MARGIN, SvgWriter.MARGIN + SvgWriter.TITLE_BAND);

    private final Diagram diagram;
    private final Layout layout;
    private final StringBuilder out = new StringBuilder();

    private DrawioWriter(Diagram diagram, Layout layout) {
        this.diagram = diagram;
        this.layout = layout;
    }

    static String write(Diagram diagram, Layout layout) {
        return new DrawioWriter(diagram, layout).drawio();
    }

    private String drawio() {
        double width = SvgWriter.pageWidth(diagram, layout);
        double height = SvgWriter.pageHeight(layout);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mxfile host=\"berth\">\n  <diagram id=\"berth\" name=\"")
                .append(attribute(diagram.title())).append("\">\n    <mxGraphModel grid=\"0\" guides=\"1\" page=\"1\" pageWidth=\"")
                .append(number(width)).append("\" pageHeight=\"").append(number(height)).append("\" math=\"0\" shadow=\"0\">\n")
                .append("      <root>\n        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n");
        cell("diagram-title", "<b>" + html(diagram.title()) + "</b>", "text;html=1;align=left;verticalAlign=top;fontSize=16;", "1",
                new Box(SvgWriter.MARGIN, SvgWriter.MARGIN, layout.width(), SvgWriter.TITLE_BAND));
        diagram.nodes().forEach(node -> node(node, "1", new Point(-LAYOUT_ON_PAGE.x(), -LAYOUT_ON_PAGE.y())));
        for (int i = 0; i < diagram.edges().size(); i++) {
            edge(i, diagram.edges().get(i), layout.route(i));
        }
        out.append("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
        return out.toString();
    }

    /**
     * A node and what it holds; a child's geometry is relative to its parent cell, as draw.io keeps it.
     *
     * @param parentAt where the parent's top left is in the layout
     */
    private void node(Node node, String parent, Point parentAt) {
        Box box = layout.box(node.id());
        Palette.Colors colors = Palette.node(node.kind());
        String label = "<b>" + html(node.title()) + "</b>" + node.details().stream().map(line -> "<br>" + html(line))
                .reduce("", String::concat);
        String style = "rounded=1;arcSize=" + (node.isContainer() ? "4" : "10") + ";whiteSpace=wrap;html=1;fillColor=" + colors.fill()
                + ";strokeColor=" + colors.stroke() + ";fontColor=" + colors.text() + ";fontSize=" + number(Layout.DETAIL_FONT)
                + ";fontFamily=" + SvgWriter.FONTS.split(",")[0] + ";"
                + (node.isContainer() ? "container=1;collapsible=0;verticalAlign=top;align=left;spacingLeft=8;spacingTop=2;" : "")
                + (node.kind() == Diagram.Kind.HOSTS ? "dashed=1;" : "");
        cell(node.id(), label, style, parent, new Box(box.x() - parentAt.x(), box.y() - parentAt.y(), box.width(), box.height()));
        node.children().forEach(child -> node(child, node.id(), new Point(box.x(), box.y())));
    }

    private void cell(String id, String html, String style, String parent, Box geometry) {
        out.append("        <mxCell id=\"").append(id).append("\" value=\"").append(attribute(html)).append("\" style=\"")
                .append(style).append("\" vertex=\"1\" parent=\"").append(parent).append("\">\n")
                .append("          <mxGeometry x=\"").append(number(geometry.x())).append("\" y=\"").append(number(geometry.y()))
                .append("\" width=\"").append(number(geometry.width())).append("\" height=\"").append(number(geometry.height()))
                .append("\" as=\"geometry\"/>\n        </mxCell>\n");
    }

    private void edge(int index, Edge edge, Route route) {
        List<Point> points = route.points().stream().map(point -> new Point(point.x() + LAYOUT_ON_PAGE.x(),
                point.y() + LAYOUT_ON_PAGE.y()))
                .toList();
        Palette.Colors colors = Palette.edge(edge.kind());
        String style = "edgeStyle=orthogonalEdgeStyle;rounded=0;html=1;endArrow=block;endFill=1;strokeColor=" + colors.stroke()
                + ";fontColor=" + colors.text() + ";fontSize=" + number(Layout.LABEL_FONT) + ";labelBackgroundColor=#ffffff;"
                + (edge.kind() == EdgeKind.PROTECTS ? "dashed=1;" : "")
                + anchor("exit", layout.box(edge.from()), route.points().getFirst())
                + anchor("entry", layout.box(edge.to()), route.points().getLast());
        out.append("        <mxCell id=\"edge-").append(index).append("\" value=\"")
                .append(attribute(String.join("<br>", edge.label().stream().map(DrawioWriter::html).toList())))
                .append("\" style=\"").append(style).append("\" edge=\"1\" parent=\"1\" source=\"").append(edge.from())
                .append("\" target=\"").append(edge.to()).append("\">\n          <mxGeometry relative=\"1\" as=\"geometry\">\n");
        if (points.size() > 2) {
            out.append("            <Array as=\"points\">\n");
            points.subList(1, points.size() - 1).forEach(point -> out.append("              <mxPoint x=\"").append(number(point.x()))
                    .append("\" y=\"").append(number(point.y())).append("\"/>\n"));
            out.append("            </Array>\n");
        }
        out.append("          </mxGeometry>\n        </mxCell>\n");
    }

    /** Where an edge leaves or enters its node, as draw.io's fractions of the node's width and height. */
    private static String anchor(String end, Box box, Point point) {
        return end + "X=" + fraction(point.x() - box.x(), box.width()) + ";" + end + "Y=" + fraction(point.y() - box.y(), box.height())
                + ";" + end + "Dx=0;" + end + "Dy=0;" + end + "Perimeter=0;";
    }

    private static String fraction(double offset, double length) {
        return String.format(Locale.ROOT, "%.3f", Math.min(1, Math.max(0, offset / length)));
    }

    /** Text in a label draw.io reads as HTML. */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attribute(String text) {
        return SvgWriter.escape(text).replace("\n", "&#10;");
    }
}
