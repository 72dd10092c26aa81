//===--- byte_order_mark.cpp - Blank a leading UTF-8 byte-order mark for the scanner -------===//
#include "server/byte_order_mark.h"

namespace secretls::server {

std::string_view scannable_text(std::string_view text, std::string& storage) {
    if (!text.starts_with(kUtf8ByteOrderMark))
        return text;
    storage.assign(text);
    storage.replace(0, kUtf8ByteOrderMark.size(), kUtf8ByteOrderMark.size(), ' ');
    return storage;
}

} // namespace secretls::server
