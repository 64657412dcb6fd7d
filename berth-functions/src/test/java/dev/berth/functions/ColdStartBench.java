package dev.berth.functions;

import dev.berth.functions.sleep.SleepHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures the functions' cold start on this machine: a new JVM on the packaged jar, its handler made from the
 * environment and invoked once against moto, five times each; prints each run and the medians. Before each wake-up
 * run the service is put to sleep, so every run takes the full path (wake, then answer). Not Lambda: no Firecracker
 * VM, no runtime client, another CPU.
 *
 * <p>{@code bench/cold-start.sh} runs it after packaging.
 */
public final class ColdStartBench {

    static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        if (!MotoServer.installed()) {
            System.err.println("cold-start: needs moto_server on the PATH");
            System.exit(2);
        }
        try (MotoServer moto = MotoServer.start()) {
            TestClients clients = new TestClients(moto);
            AwsEnvironment dev = AwsEnvironment.create("dev", clients);
            Map<String, String> lambda = PackagedJar.lambdaEnvironment(moto, dev.servicesVariable());
            SleepHandler sleep = new SleepHandler(dev.config(), clients.functions());
            System.out.printf("jar: %s, %d bytes; JVM: %s %s%n", PackagedJar.JAR, java.nio.file.Files.size(PackagedJar.JAR),
                    System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
            for (List<String> options : List.of(List.<String>of(), List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"))) {
                String label = options.isEmpty() ? "default JIT" : String.join(" ", options);
                List<Long> sleeps = new ArrayList<>();
                List<Long> wakes = new ArrayList<>();
                List<Long> wakeProcesses = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    PackagedJar.Run asleep = PackagedJar.run(lambda, options, "sleep", dev.service().idleAlarm());
                    check(asleep);
                    sleeps.add(asleep.firstInvocationMillis());
                    PackagedJar.Run woken = PackagedJar.run(lambda, options, "wake", dev.wakeUpTargetGroupArn());
                    check(woken);
                    wakes.add(woken.firstInvocationMillis());
                    wakeProcesses.add(woken.processMillis());
                    sleep.handleRequest(Events.alarm(dev.service().idleAlarm(), "OK", "ALARM"), null);
                }
                System.out.printf("%s: SleepHandler JVM start → first invocation done %s ms, median %d ms%n", label, sleeps, median(sleeps));
                System.out.printf("%s: WakeHandler  JVM start → first invocation done %s ms, median %d ms (whole process %d ms)%n",
                        label, wakes, median(wakes), median(wakeProcesses));
            }
        }
    }

    private static void check(PackagedJar.Run run) {
        if (run.exit() != 0) {
            throw new IllegalStateException("the function failed:\n" + run.output());
        }
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
