package dev.berth.platform.diagram;

import dev.berth.platform.diagram.Diagram.Edge;
import dev.berth.platform.diagram.Diagram.EdgeKind;
import dev.berth.platform.diagram.Diagram.Node;

/**
 * The diagram as a Mermaid flowchart, which GitHub renders where a Markdown file or comment embeds it: a subgraph for
 * the VPC, each tier and each group of hosts, the flows' ports on the edges. Mermaid lays it out itself, top to bottom
 * as the SVG: from the internet through the tiers to the data.
 */
final class MermaidWriter {

    private final StringBuilder out = new StringBuilder();

    private MermaidWriter() {
    }

    static String write(Diagram diagram) {
        return new MermaidWriter().mermaid(diagram);
    }

    private String mermaid(Diagram diagram) {
        out.append("---\ntitle: ").append(diagram.title()).append("\n---\nflowchart TD\n");
        diagram.nodes().forEach(node -> node(node, "  "));
        for (Edge edge : diagram.edges()) {
            String arrow = edge.kind() == EdgeKind.PROTECTS ? "-.->" : "-->";
            String label = String.join("<br/>", edge.label().stream().map(MermaidWriter::text).toList());
            out.append("  ").append(id(edge.from())).append(' ').append(arrow).append(label.isEmpty() ? "" : "|\"" + label + "\"|")
                    .append(' ').append(id(edge.to())).append('\n');
        }
        for (Node node : diagram.allNodes()) {
            Palette.Colors colors = Palette.node(node.kind());
            out.append("  style ").append(id(node.id())).append(" fill:").append(colors.fill()).append(",stroke:")
                    .append(colors.stroke()).append(",color:").append(colors.text()).append('\n');
        }
        return out.toString();
    }

    private void node(Node node, String indent) {
        String label = "<b>" + text(node.title()) + "</b>" + node.details().stream().map(line -> "<br/>" + text(line))
                .reduce("", String::concat);
        if (node.isContainer()) {
            out.append(indent).append("subgraph ").append(id(node.id())).append("[\"").append(label).append("\"]\n");
            node.children().forEach(child -> node(child, indent + "  "));
            out.append(indent).append("end\n");
        } else {
            out.append(indent).append(id(node.id())).append("[\"").append(label).append("\"]\n");
        }
    }

    /** A node id as Mermaid takes it: letters, digits and underscores (the diagram's ids never spell a keyword). */
    static String id(String id) {
        return id.replace('-', '_');
    }

    /** Text inside a quoted label: Mermaid's entity codes for what would end the label, open a tag or start a code. */
    private static String text(String text) {
        return text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
