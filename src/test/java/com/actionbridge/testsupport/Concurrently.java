package com.actionbridge.testsupport;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** Runs many attempts at once on eight threads, as simultaneous requests on several instances would. */
public final class Concurrently {

    private Concurrently() {
    }

    /** Runs {@code attempt(0)} … {@code attempt(n - 1)} at once and counts those that returned true. */
    public static int count(int n, IntPredicate attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = IntStream.range(0, n).<Callable<Boolean>>mapToObj(i ->
                    () -> attempt.test(i)).toList();
            int succeeded = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                succeeded += f.get() ? 1 : 0;
            }
            return succeeded;
        } finally {
            pool.shutdownNow();
        }
    }
}
