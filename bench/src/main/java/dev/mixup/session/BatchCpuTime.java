package dev.mixup.session;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link BatchBenchmark}'s work timed by this thread's CPU time rather than the wall clock: on a
 * machine shared with other work the wall clock measures the neighbours, the CPU time much less.
 * Prints batches per CPU-second for each setting and dtype.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.mixup.session.BatchCpuTime [seconds per figure]</pre>
 */
public final class BatchCpuTime {

    private BatchCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String settings : new String[] {"mixing", "augmented", "cutmix"}) {
            for (String dtype : new String[] {"float32", "float16"}) {
                BatchBenchmark benchmark = new BatchBenchmark();
                benchmark.settings = settings;
                benchmark.dtype = dtype;
                benchmark.setUp();
                try {
                    long budget = (long) (seconds * 1e9);
                    long start = threads.getCurrentThreadCpuTime();
                    while (threads.getCurrentThreadCpuTime() - start < budget / 2) {
                        benchmark.batch(); // warm-up
                    }
                    long batches = 0;
                    start = threads.getCurrentThreadCpuTime();
                    long used;
                    while ((used = threads.getCurrentThreadCpuTime() - start) < budget) {
                        benchmark.batch();
                        batches++;
                    }
                    System.out.printf("%-10s %-8s %8.1f batches per CPU-second%n", settings, dtype, batches / (used / 1e9));
                } finally {
                    benchmark.tearDown();
                }
            }
        }
    }
}
