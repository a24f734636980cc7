package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.store.AlertStore;
import java.util.function.Consumer;
import org.apache.camel.ExchangeProperty;

/**
 * Records a run's outcome: the reconciled alerts and the notifications they cause are written in one store
 * transaction (the outbox), so a crash between the two can neither lose a notification nor send one for a change
 * that was never saved.
 */
public final class Outcomes {

    private final Reconciler reconciler;
    private final Consumer<Evaluation> notifier;
    private final AlertStore store;
    private final GroupLocks locks;

    public Outcomes(Reconciler reconciler, Consumer<Evaluation> notifier, AlertStore store, GroupLocks locks) {
        this.reconciler = reconciler;
        this.notifier = notifier;
        this.store = store;
        this.locks = locks;
    }

    public Evaluation record(@ExchangeProperty("hubRun") CheckRun run) {
        return locks.with(run.check().name(), run.tier(), () -> store.inTransaction(() -> {
            Evaluation evaluation = reconciler.reconcile(run);
            notifier.accept(evaluation);
            return evaluation;
        }));
    }
}
