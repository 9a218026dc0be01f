package gateway

import (
	"strings"
	"sync"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// The service speaks gRPC, so its messages name fields as the protos do
// (period_start, line_items[0].unit_amount); REST clients know them by their
// JSON names (periodStart, lineItems[0].unitAmount). restNames rewrites
// exactly the contract's own field names and nothing else: an identifier
// changes only when it is a field name of a billing.v1 message.

// restFieldNames maps each snake_case field name of the billing.v1
// messages to its JSON name, from the protobuf registry the generated code
// fills.
var restFieldNames = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	var addMessage func(md protoreflect.MessageDescriptor)
	addMessage = func(md protoreflect.MessageDescriptor) {
		for i := 0; i < md.Fields().Len(); i++ {
			f := md.Fields().Get(i)
			if strings.Contains(string(f.Name()), "_") {
				names[string(f.Name())] = f.JSONName()
			}
		}
		for i := 0; i < md.Messages().Len(); i++ {
			addMessage(md.Messages().Get(i))
		}
	}
	protoregistry.GlobalFiles.RangeFilesByPackage("billing.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Messages().Len(); i++ {
			addMessage(fd.Messages().Get(i))
		}
		return true
	})
	return names
})

// restNames returns s with every whole identifier that is a billing.v1
// field name replaced by its JSON name.
func restNames(s string) string {
	names := restFieldNames()
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isIdentChar(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		word := s[i:j]
		if json, ok := names[word]; ok {
			word = json
		}
		b.WriteString(word)
		i = j
	}
	return b.String()
}

func isIdentChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
