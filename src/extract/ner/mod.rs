//! Named-entity recognition: people, places and organizations as character spans.
