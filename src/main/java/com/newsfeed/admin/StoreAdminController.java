package com.newsfeed.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.store.CounterFix;
import com.newsfeed.system.ConflictException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** The store's maintenance: the counter fix, run now rather than at its hour. */
@RestController
class StoreAdminController {

    private final CounterFix counterFix;

    StoreAdminController(CounterFix counterFix) {
        this.counterFix = counterFix;
    }

    @PostMapping("/api/admin/store/counter-fix")
    @Operation(summary = "Recompute every counter with a database source now, on this instance (admins)",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<CounterFix.Outcome> fixCounters() {
        CounterFix.Outcome outcome = counterFix.runNow();
        if (!outcome.ran()) {
            throw new ConflictException("The counter fix is running, or a scheduled run holds its lock for a few "
                    + "minutes more (newsfeed.store.fix.lock-at-least); try again later.");
        }
        return ResponseEntity.status(HttpStatus.OK).body(outcome);
    }
}
