// SPDX-License-Identifier: MIT
// S3 objects and S3 answers around a denial: s3:// URIs (and whether one is a copy's source), boto3's failed
// uploads, CodeBuild's source object, and S3's error relayed by Redshift COPY and UNLOAD.
#include "log/envelope_scanners.hpp"

namespace wd::log::detail {

namespace {

// The URI at [p, e) is the source of an S3-to-S3 copy: "aws s3 cp|mv|sync [options] s3://SRC s3://DST" on one
// line. Reads (HeadObject, GetObject) are of the source; the destination may not even name a key (case 1068).
bool copy_source(const flat_text& f, std::size_t p, std::size_t e) {
    const std::string_view t = f.text;
    const int line = f.line_at(p);
    const std::size_t lo = p > 300 ? p - 300 : 0;
    bool command = false;
    for (std::string_view verb : {std::string_view("s3 cp "), std::string_view("s3 mv "), std::string_view("s3 sync ")}) {
        const std::size_t v = rfind_in(t, verb, lo, p);
        if (v != std::string_view::npos && f.line_at(v) == line && rfind_in(t, "s3://", v, p) == std::string_view::npos)
            command = true;
    }
    if (!command) return false;
    const std::size_t next = find_within(t, "s3://", e, 300);
    return next != std::string_view::npos && f.line_at(next) == line;
}

}  // namespace

// Redshift's COPY and UNLOAD relay S3's answer as a comma list: "S3ServiceException:Access Denied,Status 403,Error
// AccessDenied,Rid …,ExtRid …,CanRetry 1" (before 2014: "StatusCode 403,ErrorCode AccessDenied"), in the query
// error and again in its Details block. The code is S3's: the cluster's role (or the COPY's credentials) was denied.
void redshift_s3(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    static constexpr std::string_view exception = "S3ServiceException:";
    for_each_match(ix, exception, [&](std::size_t p) {
        const std::size_t s = p + exception.size();
        for (std::string_view key : {std::string_view(",Error "), std::string_view(",ErrorCode ")}) {
            const std::size_t k = find_within(t, key, s, 120);
            if (k == std::string_view::npos) continue;
            const std::string_view code = read_code(t, k + key.size());
            if (code.empty()) continue;
            item it = make(p, k + key.size() + code.size(), direction::both, s_redshift_s3, 70);
            it.code = std::string(code);
            it.service = "s3";
            it.standalone = is_denial_code(it.code);
            out.items.push_back(std::move(it));
            return;
        }
    });
}

// CodeBuild's DOWNLOAD_SOURCE phase names the S3 object it could not fetch after the S3 error it relays:
// "AccessDenied: Access Denied status code: 403, request id: ..., host id: ... for primary source and source
// version arn:aws:s3:::bucket/key" (a pipeline's artifact). That object is the denial's resource.
void codebuild_source(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    static constexpr std::string_view phrase = "source and source version ";
    for_each_match(ix, phrase, [&](std::size_t p) {
        const std::size_t s = p + phrase.size();
        if (!at(t, s, "arn:")) return;
        std::size_t e = s;
        while (e < t.size() && e - s < max_uri_length && t[e] != ' ' && t[e] != '"' && t[e] != '\'' && t[e] != '`') ++e;
        std::string_view arn = t.substr(s, e - s);
        while (!arn.empty() && (arn.back() == '.' || arn.back() == ',' || arn.back() == ')')) arn.remove_suffix(1);
        if (arn.size() <= 4) return;
        item it = make(p, e, direction::suffix, s_codebuild_source, 20);
        it.resource = std::string(arn);
        out.items.push_back(std::move(it));
    });
}

// "aws s3 sync s3://bucket/prefix ..." names the bucket an S3 error is about (case 125).
void s3_uris(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    // A match inside the URI the previous match read ends where that one ended: no separator lies
    // between them. So every byte is scanned once, even on a line repeating "s3://" (issue 8).
    std::size_t run_end = 0;
    for_each_match(ix, "s3://", [&](std::size_t p) {
        const std::size_t s = p + 5;
        std::size_t e = s;
        if (s <= run_end) {
            e = run_end;
        } else {
            while (e < t.size() && t[e] != ' ' && t[e] != '"' && t[e] != '\'' && t[e] != '`') ++e;
            run_end = e;
        }
        if (e - s > max_uri_length) return;  // not a real URI
        std::string_view uri = t.substr(s, e - s);
        // The sentence's punctuation after it ("upload failed: ./a.txt to s3://b/k: An error ...").
        while (!uri.empty() && (uri.back() == ':' || uri.back() == ',' || uri.back() == '.' || uri.back() == ')')) uri.remove_suffix(1);
        const std::size_t slash = uri.find('/');
        const std::string_view bucket = uri.substr(0, slash);
        if (bucket.empty() || bucket.find('$') != std::string_view::npos) return;
        item it = make(p, e, direction::prefix, s_s3_uri, 1, 3000);
        it.s3_bucket = std::string(bucket);
        it.s3_key = slash == std::string_view::npos ? std::string() : std::string(uri.substr(slash + 1));
        it.s3_copy_source = copy_source(f, p, e);
        out.items.push_back(std::move(it));
    });
}

// boto3's managed upload wraps the PutObject error in "S3UploadFailedError: Failed to upload <file> to
// <bucket>/<key>: An error occurred ..." ('/'.join([bucket, key]) in boto3/s3/transfer.py): the destination is the
// resource, as in the CLI's "upload failed: <file> to s3://<bucket>/<key>" (cases 1145, 1148, 1149). The file name
// may hold " to ", a bucket never does: the last " to " before the ": " ends the file name.
void s3_upload_failures(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    static constexpr std::string_view lead = "Failed to upload ";
    for_each_match(ix, lead, [&](std::size_t p) {
        const std::size_t s = p + lead.size();
        std::size_t colon = find_within(t, ": An error occurred", s, max_uri_length * 2);
        if (colon == std::string_view::npos) colon = find_within(t, ": ", s, max_uri_length * 2);
        if (colon == std::string_view::npos) return;
        const std::size_t to = rfind_in(t, " to ", s, colon);
        if (to == std::string_view::npos || to < s) return;
        const std::string_view dest = t.substr(to + 4, colon - to - 4);
        const std::size_t slash = dest.find('/');
        if (slash == std::string_view::npos || slash == 0 || slash + 1 >= dest.size()) return;
        item it = make(p, colon, direction::prefix, s_s3_upload, 5, 3000);
        it.s3_bucket = std::string(dest.substr(0, slash));
        it.s3_key = std::string(dest.substr(slash + 1));
        out.items.push_back(std::move(it));
    });
}

}  // namespace wd::log::detail
