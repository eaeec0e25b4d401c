package com.newsfeed.user;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.newsfeed.security.Role;

/**
 * A reader or writer, and their account. The mobile number is private: only {@code GET /api/user} shows it, to its
 * owner; the password hash never leaves the service.
 */
@Entity
@Table(name = "users")
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;
    private String mobile;
    private String photo;
    private String intro;
    private String certification;

    @Column(name = "is_media")
    private boolean media;

    @Enumerated(EnumType.STRING)
    private UserStatus status;

    @Enumerated(EnumType.STRING)
    private Gender gender;

    private LocalDate birthday;

    /** Spring Security's delegating form ({@code {bcrypt}...}); null: this account cannot log in. */
    @Column(name = "password_hash")
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    private Role role;

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected User() {
    }

    User(String name, String mobile, String passwordHash, Instant now) {
        this.name = name;
        this.mobile = mobile;
        this.passwordHash = passwordHash;
        this.role = Role.USER;
        this.status = UserStatus.ENABLED;
        this.gender = Gender.UNKNOWN;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getMobile() {
        return mobile;
    }

    public String getPhoto() {
        return photo;
    }

    public String getIntro() {
        return intro;
    }

    public String getCertification() {
        return certification;
    }

    public boolean isMedia() {
        return media;
    }

    public UserStatus getStatus() {
        return status;
    }

    /** Only enabled accounts have a public profile. */
    public boolean isEnabled() {
        return status == UserStatus.ENABLED;
    }

    public Gender getGender() {
        return gender;
    }

    public LocalDate getBirthday() {
        return birthday;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

    void setName(String name) {
        this.name = name;
    }

    void setPhoto(String photo) {
        this.photo = photo;
    }

    void setIntro(String intro) {
        this.intro = intro;
    }

    void setCertification(String certification) {
        this.certification = certification;
    }

    void setMedia(boolean media) {
        this.media = media;
    }

    void setStatus(UserStatus status) {
        this.status = status;
    }

    void setGender(Gender gender) {
        this.gender = gender;
    }

    void setBirthday(LocalDate birthday) {
        this.birthday = birthday;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
