// SPDX-License-Identifier: MIT
// Prints, for each YAML file given, one line: the file, the number of the variant and a hash of yaml-cpp's
// event stream for it (every event with its line:column and value, or the parse error with its mark).
// Built twice, against the patched yaml-cpp the product uses and against Debian's unpatched library
// (tests/CMakeLists.txt), and run by tests/yaml_patch/parity.sh: the two outputs must be identical, which
// is the claim of scripts/patch-yaml-cpp.mjs (the speed patch changes no answer).
//   yaml_events [--variants N] FILE...
// --variants N also hashes N variants of each file, each with one byte replaced by a character that
// matters to the scanner (the characters the patch's fast paths must stop at), at a position and with a
// character chosen by a fixed pseudo-random sequence, so both builds see the same inputs.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

struct event_hash : YAML::EventHandler {
    std::uint64_t h = 1469598103934665603ull;
    void mix(const std::string& s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    }
    void at(const char* kind, const YAML::Mark& m) { mix(std::string(kind) + std::to_string(m.line) + ":" + std::to_string(m.column)); }
    void OnDocumentStart(const YAML::Mark& m) override { at("doc", m); }
    void OnDocumentEnd() override { mix("enddoc"); }
    void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { at("null", m); mix(std::to_string(a)); }
    void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override { at("alias", m); mix(std::to_string(a)); }
    void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, const std::string& value) override {
        at("scalar", m);
        mix(tag);
        mix(std::to_string(a));
        mix(value);
    }
    void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, YAML::EmitterStyle::value s) override {
        at("seq", m);
        mix(tag + std::to_string(a) + std::to_string(static_cast<int>(s)));
    }
    void OnSequenceEnd() override { mix("endseq"); }
    void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, YAML::EmitterStyle::value s) override {
        at("map", m);
        mix(tag + std::to_string(a) + std::to_string(static_cast<int>(s)));
    }
    void OnMapEnd() override { mix("endmap"); }
};

std::uint64_t hash_events(const std::string& text) {
    event_hash events;
    try {
        std::istringstream in(text);
        YAML::Parser parser(in);
        int documents = 0;
        while (documents < 64 && parser.HandleNextDocument(events)) ++documents;
    } catch (const YAML::Exception& e) {
        events.mix("error:" + e.msg + "@" + std::to_string(e.mark.line) + ":" + std::to_string(e.mark.column));
    } catch (const std::exception& e) {
        events.mix(std::string("exception:") + e.what());
    }
    return events.h;
}

}  // namespace

int main(int argc, char** argv) {
    int variants = 0;
    // Every character that begins an end of scalar, a break, an escape, a comment, an indicator or a token.
    const std::string special = ":,?[]{}'\"\\#-.\n\r\t &*!|>%@`";
    std::uint64_t state = 0x9e3779b97f4a7c15ull;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--variants") && i + 1 < argc) {
            variants = std::atoi(argv[++i]);
            continue;
        }
        std::ifstream file(argv[i], std::ios::binary);
        if (!file) {
            std::cerr << "cannot read " << argv[i] << "\n";
            return 2;
        }
        std::ostringstream buffer;
        buffer << file.rdbuf();
        const std::string text = buffer.str();
        std::cout << argv[i] << " 0 " << hash_events(text) << "\n";
        for (int v = 1; v <= variants && !text.empty(); ++v) {
            std::string variant = text;
            variant[next() % variant.size()] = special[next() % special.size()];
            std::cout << argv[i] << " " << v << " " << hash_events(variant) << "\n";
        }
    }
    return 0;
}
