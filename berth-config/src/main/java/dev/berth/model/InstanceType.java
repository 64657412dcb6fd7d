package dev.berth.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An EC2 instance type Berth can size work for: its vCPUs, memory, architecture and network interfaces, as AWS lists
 * them. Known types only, so that a service's tier is checked against the instances before anything is deployed.
 *
 * @param name the API name, e.g. {@code t3.medium}
 * @param vcpus virtual CPUs
 * @param memoryMiB memory
 * @param architecture the processor architecture, which picks the AMI and the images that run
 * @param networkInterfaces the most network interfaces it takes: with {@code awsvpc} each ECS task has its own
 */
public record InstanceType(String name, int vcpus, int memoryMiB, Architecture architecture, int networkInterfaces) {

    public enum Architecture {
        X86_64,
        ARM64;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Smaller first: by memory, then by vCPUs. */
    public static final Comparator<InstanceType> BY_SIZE = Comparator.comparingInt(InstanceType::memoryMiB).thenComparingInt(InstanceType::vcpus);

    private static final Map<String, InstanceType> KNOWN = catalog();

    public static Optional<InstanceType> named(String name) {
        return Optional.ofNullable(KNOWN.get(name));
    }

    /** Every type Berth knows, by family then size. */
    public static Collection<InstanceType> known() {
        return Collections.unmodifiableCollection(KNOWN.values());
    }

    private static Map<String, InstanceType> catalog() {
        Map<String, InstanceType> types = new LinkedHashMap<>();
        // Burstable: the dev sizes. t3/t3a are Intel/AMD, t4g Graviton.
        for (String family : new String[] {"t3", "t3a", "t4g"}) {
            Architecture architecture = family.equals("t4g") ? Architecture.ARM64 : Architecture.X86_64;
            add(types, family + ".micro", 2, 1, architecture, 2);
            add(types, family + ".small", 2, 2, architecture, 3);
            add(types, family + ".medium", 2, 4, architecture, 3);
            add(types, family + ".large", 2, 8, architecture, 3);
            add(types, family + ".xlarge", 4, 16, architecture, 4);
            add(types, family + ".2xlarge", 8, 32, architecture, 4);
        }
        // General purpose (4 GiB per vCPU), compute (2 GiB) and memory optimised (8 GiB), Intel and Graviton.
        addFamily(types, "m6i", 4, Architecture.X86_64);
        addFamily(types, "m7i", 4, Architecture.X86_64);
        addFamily(types, "m6g", 4, Architecture.ARM64);
        addFamily(types, "m7g", 4, Architecture.ARM64);
        addFamily(types, "c6i", 2, Architecture.X86_64);
        addFamily(types, "c7g", 2, Architecture.ARM64);
        addFamily(types, "r6i", 8, Architecture.X86_64);
        addFamily(types, "r7g", 8, Architecture.ARM64);
        return types;
    }

    private static void addFamily(Map<String, InstanceType> types, String family, int gibPerVcpu, Architecture architecture) {
        add(types, family + ".large", 2, 2 * gibPerVcpu, architecture, 3);
        add(types, family + ".xlarge", 4, 4 * gibPerVcpu, architecture, 4);
        add(types, family + ".2xlarge", 8, 8 * gibPerVcpu, architecture, 4);
        add(types, family + ".4xlarge", 16, 16 * gibPerVcpu, architecture, 8);
    }

    private static void add(Map<String, InstanceType> types, String name, int vcpus, int memoryGiB, Architecture architecture,
            int networkInterfaces) {
        types.put(name, new InstanceType(name, vcpus, memoryGiB * 1024, architecture, networkInterfaces));
    }
}
