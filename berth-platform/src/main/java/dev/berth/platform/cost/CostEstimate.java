package dev.berth.platform.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * A month of an environment, priced: a line for each priced resource group, what could not be priced, and the
 * assumptions that drive the usage lines.
 *
 * @param environment the environment
 * @param region its region
 * @param lines the priced lines, in the order the templates hold the resources
 * @param unpriced resources no price covers, never counted as zero
 * @param assumptions each assumption as a person reads it, with where it comes from
 */
public record CostEstimate(String environment, String region, List<Line> lines, List<Unpriced> unpriced, List<String> assumptions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public CostEstimate {
        lines = List.copyOf(lines);
        unpriced = List.copyOf(unpriced);
        assumptions = List.copyOf(assumptions);
    }

    /**
     * One priced line.
     *
     * @param group what it belongs to: network, load balancer, a service's name, database, ...
     * @param resource what is priced
     * @param quantity how many units a month (after any free allowance)
     * @param unit the unit, as the price table says it
     * @param unitPrice US dollars a unit
     * @param note how the quantity was reached, or empty
     */
    public record Line(String group, String resource, BigDecimal quantity, String unit, BigDecimal unitPrice, String note) {

        public BigDecimal monthly() {
            return quantity.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
        }
    }

    /**
     * @param resource the template's logical id and stack
     * @param type its CloudFormation type
     * @param reason why it has no price here
     */
    public record Unpriced(String resource, String type, String reason) {
    }

    public BigDecimal total() {
        return lines.stream().map(Line::monthly).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /** The total of one group's lines. */
    public BigDecimal total(String group) {
        return lines.stream().filter(line -> line.group().equals(group)).map(Line::monthly)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /** The table berth plan prints and cost.md holds. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# %s: about $%s a month (%s, list prices)%n%n", environment, total().toPlainString(), region));
        out.append("| group | resource | quantity | unit | unit price | monthly | how |\n");
        out.append("| --- | --- | ---: | --- | ---: | ---: | --- |\n");
        for (Line line : lines) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | $%s | $%s | %s |%n", line.group(), line.resource(),
                    number(line.quantity()), line.unit(), line.unitPrice().stripTrailingZeros().toPlainString(),
                    line.monthly().toPlainString(), line.note()));
        }
        out.append(String.format(Locale.ROOT, "| **total** | | | | | **$%s** | |%n", total().toPlainString()));
        if (!unpriced.isEmpty()) {
            out.append("\nNot priced (not counted as zero):\n\n");
            unpriced.forEach(item -> out.append("- ").append(item.resource()).append(" (").append(item.type()).append("): ")
                    .append(item.reason()).append('\n'));
        }
        out.append("\nAssumptions (berth.yaml's cost: sets them):\n\n");
        assumptions.forEach(assumption -> out.append("- ").append(assumption).append('\n'));
        return out.toString();
    }

    /** cost.json: the same, for tools. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("environment", environment);
        root.put("region", region);
        root.put("currency", "USD");
        root.put("monthly", total());
        ArrayNode lineNodes = root.putArray("lines");
        for (Line line : lines) {
            ObjectNode node = lineNodes.addObject();
            node.put("group", line.group());
            node.put("resource", line.resource());
            node.put("quantity", line.quantity());
            node.put("unit", line.unit());
            node.put("unit_price", line.unitPrice());
            node.put("monthly", line.monthly());
            node.put("note", line.note());
        }
        ArrayNode unpricedNodes = root.putArray("unpriced");
        unpriced.forEach(item -> unpricedNodes.addObject().put("resource", item.resource()).put("type", item.type())
                .put("reason", item.reason()));
        ArrayNode assumptionNodes = root.putArray("assumptions");
        assumptions.forEach(assumptionNodes::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String number(BigDecimal quantity) {
        BigDecimal rounded = quantity.setScale(quantity.abs().compareTo(BigDecimal.TEN) >= 0 ? 0 : 2, RoundingMode.HALF_UP);
        return rounded.stripTrailingZeros().toPlainString();
    }
}
