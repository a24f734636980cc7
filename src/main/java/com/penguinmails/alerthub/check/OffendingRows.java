package com.penguinmails.alerthub.check;

import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** The split's aggregation: gathers the offending rows of the chunks its filter let through, to be reconciled as a whole. */
public final class OffendingRows implements AggregationStrategy {

    /** The filter's statusPropertyName in the run-check route. */
    static final String OFFENDS = "hubOffends";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        // With a custom strategy Camel hands a row's exception to us and no further: unless it fails the run here,
        // the row is silently missing and the run counts as a success (and its alert as no longer returned).
        if (newExchange.getException() != null) {
            CheckRuns.run(newExchange).fail(CheckRuns.rootMessage(newExchange.getException()));
            return oldExchange == null ? newExchange : oldExchange;
        }
        if (Boolean.TRUE.equals(newExchange.getProperty(OFFENDS, Boolean.class))) {
            @SuppressWarnings("unchecked")
            List<EvaluatedRow> rows = newExchange.getProperty(CheckRuns.ROW, List.class);
            rows.forEach(CheckRuns.run(newExchange)::collect);
        }
        return oldExchange == null ? newExchange : oldExchange;
    }
}
