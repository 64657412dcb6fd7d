package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.cost.CostEstimate;
import dev.berth.platform.cost.CostEstimator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The synthesized environment's monthly estimate: written beside its templates, printed by plan and cost. */
final class CostReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CostReport() {
    }

    /** Prices the templates in {@code directory} and writes cost.md and cost.json there. */
    static CostEstimate write(EnvironmentModel model, Path directory, EnvironmentAssembly assembly) {
        List<CostEstimator.Stack> stacks = new ArrayList<>();
        for (String layer : assembly.layers()) {
            var stack = assembly.stack(layer);
            Path file = directory.resolve(stack.getStackName() + ".template.json");
            try {
                stacks.add(new CostEstimator.Stack(stack.getStackName(), stack.getRegion(), JSON.readTree(file.toFile())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        CostEstimate estimate = CostEstimator.estimate(model, stacks);
        try {
            Files.writeString(directory.resolve("cost.md"), estimate.markdown());
            Files.writeString(directory.resolve("cost.json"), estimate.json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the estimate into " + directory, e);
        }
        return estimate;
    }

    /** The estimate for a terminal: a line a resource, the total, what is not priced, the assumptions. */
    static String text(CostEstimate estimate, Path directory) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nCost: about $%s a month (%s list prices; %s)%n",
                estimate.total().toPlainString(), estimate.region(), directory.resolve("cost.md")));
        for (CostEstimate.Line line : estimate.lines()) {
            out.append(String.format(Locale.ROOT, "  %-14s %-48s %10s %-24s × $%-9s = $%8s%n", clip(line.group(), 14),
                    clip(line.resource(), 48), quantity(line.quantity()), clip(line.unit(), 24),
                    line.unitPrice().stripTrailingZeros().toPlainString(), line.monthly().toPlainString()));
        }
        estimate.unpriced().forEach(item -> out.append("  not priced: ").append(item.resource()).append(" (").append(item.type())
                .append("): ").append(item.reason()).append('\n'));
        estimate.assumptions().forEach(assumption -> out.append("  assumes ").append(assumption).append('\n'));
        return out.toString();
    }

    /** Two environments side by side, group by group. */
    static String compare(CostEstimate first, CostEstimate second) {
        Set<String> groups = new LinkedHashSet<>();
        first.lines().forEach(line -> groups.add(line.group()));
        second.lines().forEach(line -> groups.add(line.group()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-22s %12s %12s %12s%n", "group", first.environment(),
                second.environment(), "difference"));
        for (String group : groups) {
            out.append(row(group, first.total(group), second.total(group)));
        }
        out.append(row("total", first.total(), second.total()));
        return out.toString();
    }

    private static String row(String name, BigDecimal first, BigDecimal second) {
        BigDecimal difference = second.subtract(first);
        return String.format(Locale.ROOT, "%-22s %12s %12s %12s%n", clip(name, 22), "$" + first.toPlainString(), "$" + second.toPlainString(),
                (difference.signum() >= 0 ? "+$" : "-$") + difference.abs().toPlainString());
    }

    private static String quantity(BigDecimal quantity) {
        return quantity.compareTo(BigDecimal.TEN) >= 0 ? quantity.setScale(0, java.math.RoundingMode.HALF_UP).toPlainString()
                : quantity.setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
