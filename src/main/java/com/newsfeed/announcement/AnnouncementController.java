package com.newsfeed.announcement;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;
import com.newsfeed.system.PageParameters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Announcements: anyone reads them; only admins write them (the URL rules of SecurityConfiguration). */
@RestController
@RequestMapping("/api/announcements")
class AnnouncementController {

    private final AnnouncementService announcements;
    private final CachedJsonResponses responses;

    AnnouncementController(AnnouncementService announcements, CachedJsonResponses responses) {
        this.announcements = announcements;
        this.responses = responses;
    }

    @GetMapping
    @Operation(summary = "Published announcements, newest first (anyone)")
    AnnouncementPage list(@RequestParam(required = false) @Min(1) @Max(10_000) Integer page,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        return announcements.list(PageParameters.page(page), PageParameters.size(size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One published announcement (anyone)")
    @ApiResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = AnnouncementView.class)))
    ResponseEntity<byte[]> get(@PathVariable long id) {
        return responses.ok(announcements.get(Ids.requirePositive(id)));
    }

    @PostMapping
    @Operation(summary = "Publish an announcement (admins)", security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<AnnouncementView> create(@RequestBody @Valid CreateAnnouncementRequest request) {
        AnnouncementView created = announcements.create(request);
        return ResponseEntity.created(URI.create("/api/announcements/" + created.id())).body(created);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Edit an announcement (admins)", security = @SecurityRequirement(name = "bearer"))
    AnnouncementView update(@PathVariable @Positive long id, @RequestBody @Valid UpdateAnnouncementRequest request) {
        return announcements.update(id, request);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Withdraw an announcement (admins)", security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<Void> delete(@PathVariable @Positive long id) {
        announcements.delete(id);
        return ResponseEntity.noContent().build();
    }
}
